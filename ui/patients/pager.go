package patients

import (
	"custodia/ui/kit"
	"custodia/vault"
)

// pageSize is how many patient summaries one ListPatients call fetches.
const pageSize = 100

// maxCachedPages bounds memory: with 100,000 patients only the pages near
// what the person looked at recently are kept.
const maxCachedPages = 30

// pager feeds a virtualised list from Session.ListPatients one page
// at a time, loading a page only when a row on it is drawn. It is used on
// the UI goroutine only; loads run through the kit.Runner.
type pager struct {
	load     func(offset, limit int) ([]vault.PatientSummary, error)
	run      kit.Runner
	onLoaded func(err error)

	count   int
	gen     int // bumped by Reset so late pages of an old listing are dropped
	pages   map[int][]vault.PatientSummary
	loading map[int]bool
	used    []int // least recently used first
}

// newPager makes a pager over load; onLoaded is called on the UI
// goroutine after each page arrives (or fails) so the list can refresh.
func newPager(load func(offset, limit int) ([]vault.PatientSummary, error), run kit.Runner, onLoaded func(error)) *pager {
	return &pager{load: load, run: run, onLoaded: onLoaded,
		pages: map[int][]vault.PatientSummary{}, loading: map[int]bool{}}
}

// Reset forgets every page and sets the number of rows.
func (p *pager) Reset(count int) {
	p.count = count
	p.gen++
	p.pages = map[int][]vault.PatientSummary{}
	p.loading = map[int]bool{}
	p.used = nil
}

// Len is the number of rows.
func (p *pager) Len() int { return p.count }

// Row returns row i if its page is loaded; otherwise it starts loading the
// page and returns false. With a synchronous kit.Runner the row is returned at once.
func (p *pager) Row(i int) (vault.PatientSummary, bool) {
	if i < 0 || i >= p.count {
		return vault.PatientSummary{}, false
	}
	page := i / pageSize
	if rows, ok := p.pages[page]; ok {
		p.touch(page)
		return rowAt(rows, i%pageSize)
	}
	p.request(page)
	if rows, ok := p.pages[page]; ok {
		return rowAt(rows, i%pageSize)
	}
	return vault.PatientSummary{}, false
}

// LoadedPages reports which pages are in the cache, for tests and diagnostics.
func (p *pager) LoadedPages() []int {
	return append([]int(nil), p.used...)
}

func rowAt(rows []vault.PatientSummary, j int) (vault.PatientSummary, bool) {
	if j >= len(rows) {
		return vault.PatientSummary{}, false
	}
	return rows[j], true
}

func (p *pager) request(page int) {
	if p.loading[page] {
		return
	}
	p.loading[page] = true
	gen := p.gen
	var rows []vault.PatientSummary
	var err error
	p.run(func() {
		rows, err = p.load(page*pageSize, pageSize)
	}, func() {
		if gen != p.gen {
			return
		}
		delete(p.loading, page)
		if err == nil {
			p.store(page, rows)
		}
		if p.onLoaded != nil {
			p.onLoaded(err)
		}
	})
}

func (p *pager) store(page int, rows []vault.PatientSummary) {
	p.pages[page] = rows
	p.touch(page)
	for len(p.used) > maxCachedPages {
		delete(p.pages, p.used[0])
		p.used = p.used[1:]
	}
}

func (p *pager) touch(page int) {
	for i, q := range p.used {
		if q == page {
			p.used = append(p.used[:i], p.used[i+1:]...)
			break
		}
	}
	p.used = append(p.used, page)
}
