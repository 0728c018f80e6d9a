package demo

// Name lists: common given and family names from several European
// countries, mixed so that no list resembles one real population.
var (
	femaleGiven = []string{
		"Élise", "Chloé", "Léa", "Manon", "Camille", "Anaïs", "Inès", "Zoé",
		"Anna", "Lena", "Jutta", "Sophie", "Käthe", "Marlene", "Greta", "Hanna",
		"Giulia", "Francesca", "Chiara", "Martina", "Lucía", "María", "Sofía", "Inés",
		"Zofia", "Małgorzata", "Agnieszka", "Katarzyna", "Sanne", "Femke", "Lotte", "Noor",
		"Astrid", "Ingrid", "Sigrún", "Björg", "Joana", "Beatriz", "Leonor", "Mafalda",
		"Aoife", "Siobhán", "Eleni", "Zoë", "Dörte", "Solène", "Maëlle", "Hélène",
	}
	maleGiven = []string{
		"Lucas", "Hugo", "Théo", "Jérôme", "François", "Benoît", "Loïc", "Gaël",
		"Lukas", "Jonas", "Matthias", "Jörg", "Günther", "Felix", "Moritz", "Tobias",
		"Luca", "Matteo", "Niccolò", "Lorenzo", "Pablo", "Álvaro", "Íñigo", "Martín",
		"Paweł", "Łukasz", "Jakub", "Wojciech", "Daan", "Sem", "Bram", "Thijs",
		"Anders", "Søren", "Ólafur", "Magnús", "Tiago", "Gonçalo", "Rúben", "Simão",
		"Seán", "Ciarán", "Nikos", "Dimitrios", "René", "Anaël", "Zoltán", "Miklós",
	}
	familyNames = []string{
		"Durand", "Lefèvre", "Moreau", "Girard", "Lemaître", "Bézier", "Roussel", "Gauthier",
		"Müller", "Schäfer", "Köhler", "Weiß", "Groß", "Becker", "Hoffmann", "Schröder",
		"Rossi", "Esposito", "Ricci", "Bianchi", "Colombo", "De Luca", "Romano", "Fabbri",
		"García", "Fernández", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Núñez",
		"Kowalski", "Wiśniewska", "Wójcik", "Kamińska", "Lewandowski", "Zieliński", "Dąbrowska", "Szymański",
		"de Vries", "van Dijk", "Bakker", "Jansen", "Visser", "Smit", "Meijer", "de Boer",
		"Andersen", "Nielsen", "Sørensen", "Jóhannsdóttir", "Gonçalves", "Araújo", "Simões", "Conceição",
		"O'Brien", "Ní Bhriain", "Papadopoulos", "Nagy", "Horváth", "Dvořák", "Novák", "Černá",
	}
	streets = []string{
		"rue des Lilas", "avenue Victor-Hugo", "place de l'Église", "chemin des Écoliers",
		"Lindenstraße", "Am Mühlbach", "Goethestraße", "Schillerweg",
		"via Garibaldi", "corso Italia", "calle Mayor", "avenida de la Constitución",
		"ulica Długa", "Kerkstraat", "Dorpsweg", "Strandvejen", "rua do Comércio", "Main Street",
	}
	cities = []string{
		"Lyon", "Rennes", "Grenoble", "Besançon", "Würzburg", "Göttingen", "Münster", "Freiburg",
		"Bologna", "Torino", "Sevilla", "Valladolid", "Kraków", "Łódź", "Utrecht", "Aarhus",
		"Coimbra", "Galway", "Thessaloníki", "Pécs", "Brno",
	}
	// diagnoses are common ICD-10 codes seen in general practice.
	diagnoses = []string{
		"I10", "E11.9", "J06.9", "M54.5", "F32.9", "J45.9", "K21.9", "E78.5",
		"N39.0", "Z00.0", "E03.9", "F41.1", "M17.1", "J44.9", "I48.9", "G43.9",
		"L20.9", "K58.9", "R51", "B34.9", "H10.9", "J30.4", "E66.9", "I25.1",
	}
	// notes are short clinical notes in German, the language of the demo
	// practice (Berlin); each says it is synthetic.
	notes = []string{
		"Synthetischer Demo-Datensatz. Routinekontrolle, ohne Befund.",
		"Synthetischer Demo-Datensatz. Kontrolle in drei Monaten.",
		"Synthetischer Demo-Datensatz. Blutdruck unter der jetzigen Medikation gut eingestellt.",
		"Synthetischer Demo-Datensatz. Überweisung an Facharzt; Befund steht aus.",
		"Synthetischer Demo-Datensatz. Impfstatus vollständig.",
		"Synthetischer Demo-Datensatz. Beratung zu Ernährung und Bewegung.",
		"Synthetischer Demo-Datensatz. Laborwerte im Normbereich.",
		"Synthetischer Demo-Datensatz. Penicillinallergie dokumentiert.",
	}
)

// asciiFold maps the accented letters of the name lists to ASCII for
// e-mail addresses.
var asciiFold = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ä': "ae", 'ã': "a", 'ą': "a", 'å': "aa",
	'ç': "c", 'ć': "c", 'č': "c", 'ď': "d",
	'é': "e", 'è': "e", 'ê': "e", 'ë': "e", 'ę': "e", 'ě': "e",
	'í': "i", 'ì': "i", 'î': "i", 'ï': "i",
	'ł': "l", 'ñ': "n", 'ń': "n", 'ň': "n",
	'ó': "o", 'ò': "o", 'ô': "o", 'ö': "oe", 'õ': "o", 'ø': "oe", 'ő': "o",
	'ř': "r", 'ś': "s", 'š': "s", 'ß': "ss",
	'ú': "u", 'ù': "u", 'û': "u", 'ü': "ue", 'ů': "u",
	'ý': "y", 'ź': "z", 'ż': "z", 'ž': "z", 'æ': "ae", 'ð': "d", 'þ': "th",
}
