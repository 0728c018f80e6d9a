package dashboard

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"custodia/app"
	"custodia/ui/kit"
)

// slowStub is a dashboard use case a context stops; ctxErr is what the
// last call's context said when it ran.
type slowStub struct {
	d      app.Dashboard
	ctxErr error
}

func (s *slowStub) Dashboard() (app.Dashboard, error) { return s.d, nil }

func (s *slowStub) DashboardContext(ctx context.Context) (app.Dashboard, error) {
	s.ctxErr = ctx.Err()
	if s.ctxErr != nil {
		return app.Dashboard{}, s.ctxErr
	}
	return s.d, nil
}

// held keeps the work and the timers until the test runs them.
type held struct {
	work, done func()
	timers     []func()
}

func (h *held) run(work, done func()) { h.work, h.done = work, done }

func (h *held) after(d time.Duration, f func()) func() {
	if d != kit.OfferCancelAfter {
		panic("unexpected delay")
	}
	p := &f
	h.timers = append(h.timers, func() {
		if *p != nil {
			(*p)()
		}
	})
	return func() { *p = nil }
}

func (h *held) fire() {
	ts := h.timers
	h.timers = nil
	for _, f := range ts {
		f()
	}
}

func (h *held) finish() { h.work(); h.done() }

// A load still running after 2 s offers Cancel; Cancel stops the reading,
// keeps the figures shown before and says they were not read again;
// Refresh then reads them. A quick load never offers Cancel.
func TestDashboardLoadCancels(t *testing.T) {
	test.NewTempApp(t)
	loc := catalog.Localizer("en")
	uc := &slowStub{d: app.Dashboard{At: now, Open: 2}}
	h := &held{}
	v := New(loc, uc, Options{Run: h.run, After: h.after})
	w := test.NewTempWindow(t, v.Content())
	w.Resize(fyne.NewSize(1100, 740))

	v.Refresh()
	h.finish()
	h.fire()
	if running, cancel := v.Loading(); running || cancel {
		t.Fatalf("a quick load: running %v, Cancel %v", running, cancel)
	}
	if v.requests.figure.String() != "2" {
		t.Fatalf("open requests %q", v.requests.figure.String())
	}

	uc.d.Open = 5
	v.Refresh()
	if _, cancel := v.Loading(); cancel {
		t.Fatal("Cancel offered at once")
	}
	h.fire()
	if running, cancel := v.Loading(); !running || !cancel {
		t.Fatalf("at 2 s: running %v, Cancel %v", running, cancel)
	}
	test.Tap(v.stop)
	if running, cancel := v.Loading(); running || cancel || v.refresh.Disabled() || !v.stopped.Visible() {
		t.Fatalf("after Cancel: running %v, Cancel %v, Refresh disabled %v, note %v", running, cancel, v.refresh.Disabled(), v.stopped.Visible())
	}
	h.finish() // the reading ends after Cancel
	if uc.ctxErr == nil {
		t.Error("the reading was not told to stop")
	}
	if v.requests.figure.String() != "2" || v.problem.Visible() {
		t.Fatalf("after Cancel the figures changed to %q or a problem shows", v.requests.figure.String())
	}

	test.Tap(v.refresh)
	h.finish()
	if v.requests.figure.String() != "5" || v.stopped.Visible() {
		t.Fatalf("after Refresh: open requests %q, note %v", v.requests.figure.String(), v.stopped.Visible())
	}
}
