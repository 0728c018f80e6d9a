package vault

import (
	"crypto/hmac"
	"crypto/sha256"
	"hash"
	"strings"
	"time"
	"unicode"
)

// Blind index kinds (patient_index.kind). Each has its own HMAC key.
const (
	indexName = 1 // family, given, "given family"
	_         = 2 // retired: name + birth date (now the name and birth-date rows intersected)
	indexDOB  = 3 // birth date
	indexMRN  = 4 // medical record number
)

const dateLayout = "2006-01-02"

// normaliseName folds a name for matching: lower case, accents removed
// (Unicode NFD combining marks stripped; precomposed Latin letters folded to
// their base letters), hyphens and underscores read as spaces, apostrophes and
// dots dropped, runs of spaces collapsed.
func normaliseName(s string) string {
	if out, ok := normaliseASCIIName(s); ok {
		return out
	}
	return normaliseNameRunes(s)
}

// normaliseASCIIName is normaliseName for names of ASCII letters, digits,
// spaces, hyphens, underscores, apostrophes and dots (most names: no
// case-folding tables, no accent lookups, one allocation); ok is false for
// any other byte, and the caller takes the general path.
func normaliseASCIIName(s string) (string, bool) {
	b := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		case c == '\'' || c == '.':
			continue
		case c == ' ' || c == '-' || c == '_' || ('\t' <= c && c <= '\r'):
			space = true
			continue
		default:
			return "", false
		}
		if space && len(b) > 0 {
			b = append(b, ' ')
		}
		space = false
		b = append(b, c)
	}
	return string(b), true
}

// normaliseNameRunes is normaliseName's general path.
func normaliseNameRunes(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.Is(unicode.Mn, r), r == '\'', r == '’', r == '.':
			continue
		case unicode.IsSpace(r), r == '-', r == '_', r == '‐':
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		if f, ok := foldTable[r]; ok {
			b.WriteString(f)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// normaliseMRN ignores case and spaces.
func normaliseMRN(s string) string {
	if mrnNormalised(s) {
		return s
	}
	return strings.ToUpper(strings.Join(strings.Fields(s), ""))
}

// mrnNormalised reports whether s is ASCII without spaces or lower-case
// letters, so that normaliseMRN would return it unchanged.
func mrnNormalised(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || c == ' ' || ('\t' <= c && c <= '\r') || ('a' <= c && c <= 'z') {
			return false
		}
	}
	return true
}

// nameForms are the normalised strings a patient can be found by: the
// family name, the given name and "given family".
func nameForms(given, family string) []string {
	g, f := normaliseName(given), normaliseName(family)
	return uniqueNonEmpty(f, g, strings.TrimSpace(g+" "+f))
}

func uniqueNonEmpty(xs ...string) []string {
	var out []string
	for _, x := range xs {
		if x != "" && !contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

type indexEntry struct {
	kind int
	mac  []byte
}

// indexMACLen is the stored length of a blind-index HMAC-SHA256: 96 bits
// keep accidental collisions negligible (about 2^-57 for a million rows of
// one kind; every candidate is confirmed after decryption anyway) and keep
// the index rows small, which is what batched inserts pay for.
const indexMACLen = 12

func indexMAC(key []byte, parts ...[]byte) []byte { return mac(key, parts...)[:indexMACLen] }

func (k *keys) nameMAC(form string) []byte { return indexMAC(k.name, []byte(form)) }

func (k *keys) dobMAC(dob time.Time) []byte { return indexMAC(k.dob, []byte(dob.Format(dateLayout))) }

func (k *keys) mrnMAC(mrn string) []byte { return indexMAC(k.mrn, []byte(normaliseMRN(mrn))) }

// indexEntries are the blind-index rows of one patient.
func (k *keys) indexEntries(p Patient) []indexEntry { return k.indexer().entries(p) }

// indexer computes blind-index MACs with one HMAC state per key, reset
// between values instead of set up again (the HMAC key schedule was most of
// the cost of indexing a patient). The truncated MACs it returns are
// slices of one growing buffer (capped at their length), so indexing a
// batch allocates a few buffers instead of one per MAC. Not safe for
// concurrent use.
type indexer struct {
	name, dob, mrn hash.Hash
	in, sum, macs  []byte
}

func (k *keys) indexer() *indexer {
	return &indexer{name: hmac.New(sha256.New, k.name), dob: hmac.New(sha256.New, k.dob), mrn: hmac.New(sha256.New, k.mrn)}
}

// sumMAC is HMAC(value) truncated to indexMACLen.
func (ix *indexer) sumMAC(h hash.Hash, value string) []byte {
	h.Reset()
	ix.in = append(ix.in[:0], value...)
	h.Write(ix.in)
	ix.sum = h.Sum(ix.sum[:0])
	if cap(ix.macs)-len(ix.macs) < indexMACLen {
		ix.macs = make([]byte, 0, 64*indexMACLen)
	}
	from := len(ix.macs)
	ix.macs = append(ix.macs, ix.sum[:indexMACLen]...)
	return ix.macs[from:len(ix.macs):len(ix.macs)]
}

// mrnMAC equals keys.mrnMAC.
func (ix *indexer) mrnMAC(mrn string) []byte { return ix.sumMAC(ix.mrn, normaliseMRN(mrn)) }

// entries are the blind-index rows of one patient.
func (ix *indexer) entries(p Patient) []indexEntry {
	out := ix.appendSearchEntries(make([]indexEntry, 0, maxIndexRows), p)
	if normaliseMRN(p.MRN) != "" {
		out = append(out, indexEntry{indexMRN, ix.mrnMAC(p.MRN)})
	}
	return out
}

// appendSearchEntries appends the patient_index rows of p to dst: its name
// forms and its birth date (entries without the MRN).
func (ix *indexer) appendSearchEntries(dst []indexEntry, p Patient) []indexEntry {
	for _, form := range nameForms(p.GivenName, p.FamilyName) {
		dst = append(dst, indexEntry{indexName, ix.sumMAC(ix.name, form)})
	}
	return append(dst, indexEntry{indexDOB, ix.sumMAC(ix.dob, p.BirthDate.Format(dateLayout))})
}

// matches confirms a decrypted candidate against the query.
func (q Query) matches(p Patient) bool {
	if q.Name != "" && !contains(nameForms(p.GivenName, p.FamilyName), normaliseName(q.Name)) {
		return false
	}
	if !q.BirthDate.IsZero() && !sameDate(q.BirthDate, p.BirthDate) {
		return false
	}
	if q.MRN != "" && normaliseMRN(q.MRN) != normaliseMRN(p.MRN) {
		return false
	}
	return true
}

func sameDate(a, b time.Time) bool {
	return a.Format(dateLayout) == b.Format(dateLayout)
}

// foldTable maps lower-case precomposed Latin letters to their base letters
// (generated from the Unicode NFD decompositions of U+00C0–U+024F and
// U+1E00–U+1EFF, plus letters without a decomposition such as ß, ø, ł).
var foldTable = map[rune]string{
	'ß': "ss", 'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a", 'æ': "ae",
	'ç': "c", 'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ì': "i", 'í': "i", 'î': "i",
	'ï': "i", 'ð': "d", 'ñ': "n", 'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ö': "o",
	'ø': "o", 'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ý': "y", 'þ': "th", 'ÿ': "y",
	'ā': "a", 'ă': "a", 'ą': "a", 'ć': "c", 'ĉ': "c", 'ċ': "c", 'č': "c", 'ď': "d",
	'đ': "d", 'ē': "e", 'ĕ': "e", 'ė': "e", 'ę': "e", 'ě': "e", 'ĝ': "g", 'ğ': "g",
	'ġ': "g", 'ģ': "g", 'ĥ': "h", 'ħ': "h", 'ĩ': "i", 'ī': "i", 'ĭ': "i", 'į': "i",
	'ı': "i", 'ĳ': "ij", 'ĵ': "j", 'ķ': "k", 'ĸ': "k", 'ĺ': "l", 'ļ': "l", 'ľ': "l",
	'ŀ': "l", 'ł': "l", 'ń': "n", 'ņ': "n", 'ň': "n", 'ŉ': "n", 'ŋ': "n", 'ō': "o",
	'ŏ': "o", 'ő': "o", 'œ': "oe", 'ŕ': "r", 'ŗ': "r", 'ř': "r", 'ś': "s", 'ŝ': "s",
	'ş': "s", 'š': "s", 'ţ': "t", 'ť': "t", 'ŧ': "t", 'ũ': "u", 'ū': "u", 'ŭ': "u",
	'ů': "u", 'ű': "u", 'ų': "u", 'ŵ': "w", 'ŷ': "y", 'ź': "z", 'ż': "z", 'ž': "z",
	'ƒ': "f", 'ơ': "o", 'ư': "u", 'ǎ': "a", 'ǐ': "i", 'ǒ': "o", 'ǔ': "u", 'ǖ': "u",
	'ǘ': "u", 'ǚ': "u", 'ǜ': "u", 'ǟ': "a", 'ǡ': "a", 'ǧ': "g", 'ǩ': "k", 'ǫ': "o",
	'ǭ': "o", 'ǰ': "j", 'ǵ': "g", 'ǹ': "n", 'ǻ': "a", 'ȁ': "a", 'ȃ': "a", 'ȅ': "e",
	'ȇ': "e", 'ȉ': "i", 'ȋ': "i", 'ȍ': "o", 'ȏ': "o", 'ȑ': "r", 'ȓ': "r", 'ȕ': "u",
	'ȗ': "u", 'ș': "s", 'ț': "t", 'ȟ': "h", 'ȧ': "a", 'ȩ': "e", 'ȫ': "o", 'ȭ': "o",
	'ȯ': "o", 'ȱ': "o", 'ȳ': "y", 'ḁ': "a", 'ḃ': "b", 'ḅ': "b", 'ḇ': "b", 'ḉ': "c",
	'ḋ': "d", 'ḍ': "d", 'ḏ': "d", 'ḑ': "d", 'ḓ': "d", 'ḕ': "e", 'ḗ': "e", 'ḙ': "e",
	'ḛ': "e", 'ḝ': "e", 'ḟ': "f", 'ḡ': "g", 'ḣ': "h", 'ḥ': "h", 'ḧ': "h", 'ḩ': "h",
	'ḫ': "h", 'ḭ': "i", 'ḯ': "i", 'ḱ': "k", 'ḳ': "k", 'ḵ': "k", 'ḷ': "l", 'ḹ': "l",
	'ḻ': "l", 'ḽ': "l", 'ḿ': "m", 'ṁ': "m", 'ṃ': "m", 'ṅ': "n", 'ṇ': "n", 'ṉ': "n",
	'ṋ': "n", 'ṍ': "o", 'ṏ': "o", 'ṑ': "o", 'ṓ': "o", 'ṕ': "p", 'ṗ': "p", 'ṙ': "r",
	'ṛ': "r", 'ṝ': "r", 'ṟ': "r", 'ṡ': "s", 'ṣ': "s", 'ṥ': "s", 'ṧ': "s", 'ṩ': "s",
	'ṫ': "t", 'ṭ': "t", 'ṯ': "t", 'ṱ': "t", 'ṳ': "u", 'ṵ': "u", 'ṷ': "u", 'ṹ': "u",
	'ṻ': "u", 'ṽ': "v", 'ṿ': "v", 'ẁ': "w", 'ẃ': "w", 'ẅ': "w", 'ẇ': "w", 'ẉ': "w",
	'ẋ': "x", 'ẍ': "x", 'ẏ': "y", 'ẑ': "z", 'ẓ': "z", 'ẕ': "z", 'ẖ': "h", 'ẗ': "t",
	'ẘ': "w", 'ẙ': "y", 'ạ': "a", 'ả': "a", 'ấ': "a", 'ầ': "a", 'ẩ': "a", 'ẫ': "a",
	'ậ': "a", 'ắ': "a", 'ằ': "a", 'ẳ': "a", 'ẵ': "a", 'ặ': "a", 'ẹ': "e", 'ẻ': "e",
	'ẽ': "e", 'ế': "e", 'ề': "e", 'ể': "e", 'ễ': "e", 'ệ': "e", 'ỉ': "i", 'ị': "i",
	'ọ': "o", 'ỏ': "o", 'ố': "o", 'ồ': "o", 'ổ': "o", 'ỗ': "o", 'ộ': "o", 'ớ': "o",
	'ờ': "o", 'ở': "o", 'ỡ': "o", 'ợ': "o", 'ụ': "u", 'ủ': "u", 'ứ': "u", 'ừ': "u",
	'ử': "u", 'ữ': "u", 'ự': "u", 'ỳ': "y", 'ỵ': "y", 'ỷ': "y", 'ỹ': "y",
}
