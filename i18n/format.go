package i18n

import (
	"strconv"
	"strings"
	"time"
)

var monthsDE = [...]string{"Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."}

// Date formats a calendar day the way the language writes it:
// "4 Dec 2026" (en), "04.12.2026" (de).
func (l *Localizer) Date(t time.Time) string {
	if l.lang == "de" {
		return t.Format("02.01.2006")
	}
	return t.Format("2 Jan 2006")
}

// LongDate is a day with the month in words: "4 December 2026",
// "4. Dez. 2026".
func (l *Localizer) LongDate(t time.Time) string {
	if l.lang == "de" {
		return strconv.Itoa(t.Day()) + ". " + monthsDE[t.Month()-1] + " " + strconv.Itoa(t.Year())
	}
	return t.Format("2 January 2006")
}

// DateTime is a day and a time of day: "4 Dec 2026 14:05",
// "04.12.2026 14:05".
func (l *Localizer) DateTime(t time.Time) string {
	return l.Date(t) + " " + t.Format("15:04")
}

// Int formats a whole number with the language's digit grouping:
// 12,345 (en), 12.345 (de).
func (l *Localizer) Int(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	sep := ","
	if l.lang == "de" {
		sep = "."
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Float formats a number with prec decimals: 0.27 (en), 0,27 (de); the
// integer part is grouped like Int.
func (l *Localizer) Float(f float64, prec int) string {
	s := strconv.FormatFloat(f, 'f', prec, 64)
	whole, frac, hasFrac := strings.Cut(s, ".")
	n, _ := strconv.Atoi(whole)
	out := l.Int(n)
	if strings.HasPrefix(whole, "-") && n == 0 {
		out = "-" + out
	}
	if !hasFrac {
		return out
	}
	if l.lang == "de" {
		return out + "," + frac
	}
	return out + "." + frac
}

// Percent formats a share in [0,1] as a percentage with prec decimals:
// "5.0 %" (en, as the product writes it), "5,0 %" (de).
func (l *Localizer) Percent(share float64, prec int) string {
	return l.Float(share*100, prec) + " %"
}
