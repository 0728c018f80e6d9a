// Package charts draws Custodia's small bar charts as PNG images with
// gonum/plot, in one style: the research report's charts (package
// research) and the DPO dashboard (ui/dashboard) share it. It knows
// nothing of the data it draws: callers hand it labels and numbers, all
// words already in the reader's language.
package charts
