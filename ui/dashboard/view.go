package dashboard

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"custodia/app"
	"custodia/i18n"
	"custodia/ui/kit"
)

// UseCases is what the screen reads: the dashboard use case
// (*app.Session in the desktop app).
type UseCases interface {
	Dashboard() (app.Dashboard, error)
}

// Links are the shell's screens the entries open; a nil link hides its
// button and leaves the entries as plain text.
type Links struct {
	Request   func(id string) // one request's detail
	Requests  func()          // the request queue
	Breaches  func()          // the breach log
	Retention func()          // the retention due list
}

// Options configure the screen.
type Options struct {
	// Run does work off the UI goroutine, then done on it; nil runs both
	// at once (tests).
	Run   func(work, done func())
	Links Links
	// Describe puts an error in the reader's words (the shell's error
	// wording); nil shows the error's own text, which names ids only.
	Describe func(error) string
	// After runs f on the UI goroutine after d and returns a function
	// that cancels it (kit.Env.After); with it a load running longer than
	// kit.OfferCancelAfter offers Cancel. nil: no Cancel (tests).
	After func(d time.Duration, f func()) (cancel func())
}

// contextual is a UseCases whose dashboard a context stops
// (*app.Session): Cancel then stops the reading too, not only the wait.
type contextual interface {
	DashboardContext(ctx context.Context) (app.Dashboard, error)
}

// View is the overview screen.
type View struct {
	loc  *i18n.Localizer
	uc   UseCases
	opts Options

	content fyne.CanvasObject
	asOf    *widget.Label
	refresh *widget.Button
	// stop cancels a load that has run OfferCancelAfter; stopped says
	// that the figures were not read again.
	stop    *widget.Button
	stopped *widget.Label
	cancel  func()
	gen     int
	bar     *widget.ProgressBarInfinite
	problem *widget.Label
	empty   *widget.Label
	charts  *fyne.Container
	images  []*canvas.Image

	requests, breaches, retention, renewals card

	// last is what the screen shows.
	last    app.Dashboard
	loading bool
}

// card is one panel: a big figure, lines under it, entries, a link.
type card struct {
	box     *widget.Card
	figure  *widget.RichText
	lines   *fyne.Container
	entries *fyne.Container
	link    *widget.Button
}

// New builds the screen; call Refresh to load it.
func New(loc *i18n.Localizer, uc UseCases, opts Options) *View {
	if opts.Run == nil {
		opts.Run = func(work, done func()) { work(); done() }
	}
	v := &View{loc: loc, uc: uc, opts: opts}
	v.asOf = widget.NewLabel("")
	v.refresh = widget.NewButtonWithIcon(loc.T("dashboard.refresh"), theme.ViewRefreshIcon(), v.Refresh)
	v.bar = widget.NewProgressBarInfinite()
	v.bar.Stop()
	v.bar.Hide()
	v.stop = widget.NewButtonWithIcon(loc.T("cancel.progress.cancel"), theme.CancelIcon(), v.Stop)
	v.stop.Hide()
	v.stopped = widget.NewLabel("")
	v.stopped.Wrapping = fyne.TextWrapWord
	v.stopped.Hide()
	v.problem = widget.NewLabel("")
	v.problem.Importance = widget.DangerImportance
	v.problem.Wrapping = fyne.TextWrapWord
	v.problem.Hide()
	v.empty = widget.NewLabel(loc.T("dashboard.empty"))
	v.empty.Wrapping = fyne.TextWrapWord
	v.empty.Importance = widget.SuccessImportance
	v.empty.Hide()
	v.charts = container.NewGridWithColumns(3)
	v.requests = newCard(loc.T("dashboard.requests.title"), loc.T("dashboard.requests.goto"), opts.Links.Requests)
	v.breaches = newCard(loc.T("dashboard.breaches.title"), loc.T("dashboard.breaches.goto"), opts.Links.Breaches)
	v.retention = newCard(loc.T("dashboard.retention.title"), loc.T("dashboard.retention.goto"), opts.Links.Retention)
	v.renewals = newCard(loc.T("dashboard.renewals.title"), "", nil)
	title := widget.NewLabelWithStyle(loc.T("dashboard.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	head := container.NewBorder(nil, nil, container.NewHBox(title, v.asOf), container.NewHBox(v.stop, v.refresh))
	// Two columns that grow apart: a long deadline list does not stretch
	// the breach panel beside it.
	cards := container.NewGridWithColumns(2, container.NewVBox(v.requests.box, v.retention.box),
		container.NewVBox(v.breaches.box, v.renewals.box))
	body := container.NewVBox(head, v.bar, v.stopped, v.problem, v.empty, v.charts, cards)
	v.content = container.NewVScroll(container.NewPadded(body))
	return v
}

func newCard(title, linkText string, link func()) card {
	c := card{figure: widget.NewRichText(), lines: container.NewVBox(), entries: container.NewVBox()}
	c.link = widget.NewButton(linkText, link)
	c.link.Importance = widget.LowImportance
	if link == nil {
		c.link.Hide()
	}
	c.box = widget.NewCard(title, "", container.NewVBox(c.figure, c.lines, c.entries, container.NewHBox(c.link)))
	return c
}

// Content is the screen's root object.
func (v *View) Content() fyne.CanvasObject { return v.content }

// Dashboard is what the screen shows (the use case's last answer).
func (v *View) Dashboard() app.Dashboard { return v.last }

// Refresh loads the figures again, off the UI goroutine; the charts are
// drawn there too. A load already running is not started twice. The bar
// shows at once; a load still running after kit.OfferCancelAfter (a
// large vault) offers Cancel.
func (v *View) Refresh() {
	if v.loading {
		return
	}
	v.loading = true
	v.gen++
	gen := v.gen
	v.refresh.Disable()
	v.stopped.Hide()
	v.bar.Show()
	v.bar.Start()
	ctx, cancel := context.WithCancel(context.Background())
	v.cancel = cancel
	offer := func() {}
	if v.opts.After != nil {
		offer = v.opts.After(kit.OfferCancelAfter, func() {
			if v.loading && gen == v.gen {
				v.stop.Show()
			}
		})
	}
	var d app.Dashboard
	var pics []chartImage
	var err error
	v.opts.Run(func() {
		if d, err = v.read(ctx); err == nil {
			pics = v.drawCharts(d)
		}
	}, func() {
		offer()
		cancel()
		if gen != v.gen { // stopped: Stop has put the screen back
			return
		}
		v.idle()
		if err != nil {
			v.fail(err)
			return
		}
		v.problem.Hide()
		v.show(d, pics)
	})
}

// read computes the dashboard, stoppable when the use cases allow it.
func (v *View) read(ctx context.Context) (app.Dashboard, error) {
	if c, ok := v.uc.(contextual); ok {
		return c.DashboardContext(ctx)
	}
	return v.uc.Dashboard()
}

// Stop cancels the load under way (Cancel): the figures shown before
// stay, with a line saying they were not read again.
func (v *View) Stop() {
	if !v.loading {
		return
	}
	v.gen++
	v.cancel()
	v.idle()
	v.stopped.SetText(v.loc.T("sweeproles.dashboard.stopped"))
	v.stopped.Show()
}

// idle puts the screen back to not loading.
func (v *View) idle() {
	v.loading = false
	v.refresh.Enable()
	v.stop.Hide()
	v.bar.Stop()
	v.bar.Hide()
}

// Loading reports whether a load runs, and whether it offers Cancel.
func (v *View) Loading() (running, cancel bool) { return v.loading, v.stop.Visible() }

// fail says the overview could not be loaded; the figures shown before
// stay (use-case errors never carry personal data).
func (v *View) fail(err error) {
	v.problem.SetText(v.loc.T("dashboard.error", "Error", v.describe(err)))
	v.problem.Show()
}

// describe puts err in the reader's words: the shell's Describe, else
// kit.Describe (never the error's English text).
func (v *View) describe(err error) string {
	if v.opts.Describe != nil {
		return v.opts.Describe(err)
	}
	return kit.Describe(v.loc, err).Message
}
