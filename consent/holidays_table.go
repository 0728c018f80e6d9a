package consent

import "time"

// Public holidays by country, from the statutes and official calendars of
// each country (as in force on 1 January 2026). Holidays kept only in some
// municipalities (Assumption in Bavaria, Corpus Christi in parts of Saxony
// and Thuringia, the Augsburg peace festival) are not counted: a deadline
// then shows a day early rather than a day late. Sundays are listed where
// the law names them; they move nothing that a Sunday does not move already.

const (
	nYear    = "New Year's Day"
	epiphany = "Epiphany"
	goodFri  = "Good Friday"
	easterS  = "Easter Sunday"
	easterM  = "Easter Monday"
	labour   = "Labour Day"
	ascens   = "Ascension Day"
	whitS    = "Whit Sunday"
	whitM    = "Whit Monday"
	corpus   = "Corpus Christi"
	assump   = "Assumption Day"
	allSaint = "All Saints' Day"
	xmas     = "Christmas Day"
	stephen  = "St Stephen's Day"
	reform   = "Reformation Day"
)

func christian() []holidayRule {
	return []holidayRule{fixed(time.January, 1, nYear), fromEaster(1, easterM), fromEaster(39, ascens), fromEaster(50, whitM),
		fixed(time.December, 25, xmas)}
}

var holidayCountries = map[string]holidayCountry{
	"DE": germany(),
	"AT": {name: "Austria", national: append(christian(), fixed(time.January, 6, epiphany), fixed(time.May, 1, labour),
		fromEaster(60, corpus), fixed(time.August, 15, assump), fixed(time.October, 26, "National Day"),
		fixed(time.November, 1, allSaint), fixed(time.December, 8, "Immaculate Conception"), fixed(time.December, 26, stephen))},
	"CH": switzerland(),
	"FR": {name: "France", national: append(christian(), fixed(time.May, 1, labour), fixed(time.May, 8, "Victory in Europe Day"),
		fixed(time.July, 14, "Bastille Day"), fixed(time.August, 15, assump), fixed(time.November, 1, allSaint),
		fixed(time.November, 11, "Armistice Day")),
		regions: map[string]holidayRegion{
			"57": {"Moselle", alsaceMoselle()}, "67": {"Bas-Rhin", alsaceMoselle()}, "68": {"Haut-Rhin", alsaceMoselle()},
		}},
	// Algemene termijnenwet art. 3: Good Friday is not a general holiday.
	"NL": {name: "Netherlands", national: append(christian(), fromEaster(0, easterS), fromEaster(49, whitS),
		kingsDay(), fixed(time.May, 5, "Liberation Day"), fixed(time.December, 26, "Second Christmas Day"))},
	"BE": {name: "Belgium", national: append(christian(), fixed(time.May, 1, labour), fixed(time.July, 21, "National Day"),
		fixed(time.August, 15, assump), fixed(time.November, 1, allSaint), fixed(time.November, 11, "Armistice Day"))},
	"LU": {name: "Luxembourg", national: append(christian(), fixed(time.May, 1, labour), fixed(time.May, 9, "Europe Day").since(2019),
		fixed(time.June, 23, "National Day"), fixed(time.August, 15, assump), fixed(time.November, 1, allSaint),
		fixed(time.December, 26, stephen))},
	"IT": {name: "Italy", national: []holidayRule{fixed(time.January, 1, nYear), fixed(time.January, 6, epiphany),
		fromEaster(1, easterM), fixed(time.April, 25, "Liberation Day"), fixed(time.May, 1, labour),
		fixed(time.June, 2, "Republic Day"), fixed(time.August, 15, assump),
		fixed(time.October, 4, "St Francis of Assisi").since(2026), fixed(time.November, 1, allSaint),
		fixed(time.December, 8, "Immaculate Conception"), fixed(time.December, 25, xmas), fixed(time.December, 26, stephen)}},
	// National holidays only; the autonomous communities add their own.
	"ES": {name: "Spain", national: []holidayRule{fixed(time.January, 1, nYear), fixed(time.January, 6, epiphany),
		fromEaster(-2, goodFri), fixed(time.May, 1, labour), fixed(time.August, 15, assump),
		fixed(time.October, 12, "National Day"), fixed(time.November, 1, allSaint), fixed(time.December, 6, "Constitution Day"),
		fixed(time.December, 8, "Immaculate Conception"), fixed(time.December, 25, xmas)}},
	"IE": {name: "Ireland", national: []holidayRule{fixed(time.January, 1, nYear), stBrigid(), fixed(time.March, 17, "St Patrick's Day"),
		fromEaster(1, easterM), nthWeekday(time.May, time.Monday, 1, "May bank holiday"),
		nthWeekday(time.June, time.Monday, 1, "June bank holiday"), nthWeekday(time.August, time.Monday, 1, "August bank holiday"),
		nthWeekday(time.October, time.Monday, -1, "October bank holiday"), fixed(time.December, 25, xmas),
		fixed(time.December, 26, stephen)}},
	// Retsplejeloven § 148: Constitution Day, Christmas Eve and New Year's
	// Eve count as holidays for time limits. Great Prayer Day ended in 2023.
	"DK": {name: "Denmark", national: append(christian(), fromEaster(-3, "Maundy Thursday"), fromEaster(-2, goodFri),
		fromEaster(26, "Great Prayer Day").until(2023), fixed(time.June, 5, "Constitution Day"),
		fixed(time.December, 24, "Christmas Eve"), fixed(time.December, 26, "Second Christmas Day"),
		fixed(time.December, 31, "New Year's Eve"))},
	"PL": {name: "Poland", national: []holidayRule{fixed(time.January, 1, nYear), fixed(time.January, 6, epiphany),
		fromEaster(0, easterS), fromEaster(1, easterM), fixed(time.May, 1, labour), fixed(time.May, 3, "Constitution Day"),
		fromEaster(49, whitS), fromEaster(60, corpus), fixed(time.August, 15, assump), fixed(time.November, 1, allSaint),
		fixed(time.November, 11, "Independence Day"), fixed(time.December, 24, "Christmas Eve").since(2025),
		fixed(time.December, 25, xmas), fixed(time.December, 26, "Second Christmas Day")}},
	// Lag (1930:173) om beräkning av lagstadgad tid: Midsummer Eve,
	// Christmas Eve and New Year's Eve count like public holidays.
	"SE": {name: "Sweden", national: append(christian(), fixed(time.January, 6, epiphany), fromEaster(-2, goodFri),
		fixed(time.May, 1, labour), fixed(time.June, 6, "National Day"),
		weekdayBetween(time.June, 19, time.Friday, "Midsummer Eve"), weekdayBetween(time.June, 20, time.Saturday, "Midsummer Day"),
		weekdayBetween(time.October, 31, time.Saturday, allSaint), fixed(time.December, 24, "Christmas Eve"),
		fixed(time.December, 26, stephen), fixed(time.December, 31, "New Year's Eve"))},
}

func germany() holidayCountry {
	w := fixed(time.March, 8, "International Women's Day")
	ep, cc, as, ref := fixed(time.January, 6, epiphany), fromEaster(60, corpus), fixed(time.November, 1, allSaint), fixed(time.October, 31, reform)
	return holidayCountry{name: "Germany",
		national: append(christian(), fromEaster(-2, goodFri), fixed(time.May, 1, labour),
			fixed(time.October, 3, "German Unity Day"), fixed(time.December, 26, "Second Christmas Day"),
			fixed(time.October, 31, reform).only(2017)),
		regions: map[string]holidayRegion{
			"BW": {"Baden-Württemberg", []holidayRule{ep, cc, as}},
			"BY": {"Bavaria", []holidayRule{ep, cc, as}},
			"BE": {"Berlin", []holidayRule{w.since(2019), fixed(time.May, 8, "Liberation Day").only(2020, 2025)}},
			"BB": {"Brandenburg", []holidayRule{fromEaster(0, easterS), fromEaster(49, whitS), ref}},
			"HB": {"Bremen", []holidayRule{ref.since(2018)}},
			"HH": {"Hamburg", []holidayRule{ref.since(2018)}},
			"HE": {"Hesse", []holidayRule{cc}},
			"MV": {"Mecklenburg-Western Pomerania", []holidayRule{w.since(2023), ref}},
			"NI": {"Lower Saxony", []holidayRule{ref.since(2018)}},
			"NW": {"North Rhine-Westphalia", []holidayRule{cc, as}},
			"RP": {"Rhineland-Palatinate", []holidayRule{cc, as}},
			"SL": {"Saarland", []holidayRule{cc, fixed(time.August, 15, assump), as}},
			"SN": {"Saxony", []holidayRule{ref, weekdayBetween(time.November, 16, time.Wednesday, "Day of Repentance and Prayer")}},
			"ST": {"Saxony-Anhalt", []holidayRule{ep, ref}},
			"SH": {"Schleswig-Holstein", []holidayRule{ref.since(2018)}},
			"TH": {"Thuringia", []holidayRule{ref, fixed(time.September, 20, "World Children's Day").since(2019)}},
		}}
}

// switzerland: only 1 August is federal; the cantons set the rest. Without
// a canton the holidays kept in most cantons apply.
func switzerland() holidayCountry {
	gf, sm, aug := fromEaster(-2, goodFri), fixed(time.December, 26, stephen), fixed(time.August, 1, "Swiss National Day")
	berch, may1 := fixed(time.January, 2, "Berchtold's Day"), fixed(time.May, 1, labour)
	base := append(christian(), aug)
	return holidayCountry{name: "Switzerland", national: base,
		noRegion: []holidayRule{gf, sm},
		regions: map[string]holidayRegion{
			"ZH": {"Zurich", []holidayRule{berch, gf, may1, sm}},
			"BE": {"Bern", []holidayRule{berch, gf, sm}},
			"LU": {"Lucerne", []holidayRule{berch, gf, fromEaster(60, corpus), fixed(time.August, 15, assump),
				fixed(time.November, 1, allSaint), fixed(time.December, 8, "Immaculate Conception"), sm}},
			"BS": {"Basel-Stadt", []holidayRule{gf, may1, sm}},
			"GE": {"Geneva", []holidayRule{gf, weekdayBetween(time.September, 1, time.Sunday, "Genevan Fast").shift(4),
				fixed(time.December, 31, "Restoration of the Republic")}},
			"VD": {"Vaud", []holidayRule{berch, gf, weekdayBetween(time.September, 15, time.Sunday, "Federal Fast Monday").shift(1), sm}},
			"TI": {"Ticino", []holidayRule{fixed(time.January, 6, epiphany), fixed(time.March, 19, "St Joseph's Day"), may1,
				fromEaster(60, corpus), fixed(time.June, 29, "Saints Peter and Paul"), fixed(time.August, 15, assump),
				fixed(time.November, 1, allSaint), fixed(time.December, 8, "Immaculate Conception"), sm}},
		}}
}

func alsaceMoselle() []holidayRule {
	return []holidayRule{fromEaster(-2, goodFri), fixed(time.December, 26, stephen)}
}

// kingsDay is 27 April, or 26 April when the 27th is a Sunday.
func kingsDay() holidayRule {
	return holidayRule{name: "King's Day", date: func(y int) time.Time {
		d := time.Date(y, time.April, 27, 0, 0, 0, 0, time.UTC)
		if d.Weekday() == time.Sunday {
			return d.AddDate(0, 0, -1)
		}
		return d
	}}
}

// stBrigid is the first Monday of February, or 1 February when that is a
// Friday (since 2023).
func stBrigid() holidayRule {
	r := nthWeekday(time.February, time.Monday, 1, "St Brigid's Day")
	first := r.date
	r.kind, r.date = ruleComputed, func(y int) time.Time {
		if d := time.Date(y, time.February, 1, 0, 0, 0, 0, time.UTC); d.Weekday() == time.Friday {
			return d
		}
		return first(y)
	}
	return r.since(2023)
}

// shift moves a computed holiday by days (the Thursday after a Sunday).
func (r holidayRule) shift(days int) holidayRule {
	base := r.date
	r.kind, r.date = ruleComputed, func(y int) time.Time { return base(y).AddDate(0, 0, days) }
	return r
}
