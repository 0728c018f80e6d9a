// Package dashboard is the DPO's overview screen of the desktop app: the
// open requests by state and their next deadlines (with the weekend or
// holiday rule that moved them), the breaches whose 72-hour clock runs,
// the records the retention schedule makes due and the consents due for
// renewal, with small charts drawn by internal/charts.
//
// It reads everything through one use case (app.Session.Dashboard), off
// the UI goroutine, and shows patients by name where the role may read
// identities (a short reference otherwise). Every word comes from the
// Localizer it is given (area "dashboard" of custodia/i18n). It does not
// import the ui shell: the shell builds it, puts it in a tab and hands it
// the links to its request, breach and retention screens.
package dashboard
