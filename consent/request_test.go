package consent

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

var (
	dpo   = Actor{UserID: "u-dpo", Role: RoleDPO}
	admin = Actor{UserID: "u-admin", Role: RoleAdmin}
	desk  = Actor{UserID: "u-desk", Role: RoleFrontDesk}
	clin  = Actor{UserID: "u-clin", Role: RoleClinician}
)

func TestOriginalDue(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		berlin = time.FixedZone("CET", 3600)
	}
	cases := []struct {
		typ      RequestType
		received time.Time
		want     string
	}{
		{ReqAccess, day(2026, 1, 15), "2026-02-16"}, // Sunday 15th → Monday
		{ReqAccess, day(2026, 1, 31), "2026-03-02"}, // Saturday 28th → Monday
		{ReqAccess, day(2024, 1, 31), "2024-02-29"}, // leap year
		{ReqAccess, day(2028, 1, 31), "2028-02-29"}, // leap year
		{ReqAccess, day(2028, 1, 30), "2028-02-29"},
		{ReqAccess, day(2028, 1, 29), "2028-02-29"},
		{ReqAccess, day(2027, 1, 29), "2027-03-01"}, // Sunday
		{ReqErasure, day(2026, 3, 31), "2026-04-30"},
		{ReqErasure, day(2026, 8, 31), "2026-09-30"},
		{ReqErasure, day(2026, 2, 28), "2026-03-30"},    // Saturday
		{ReqErasure, day(2024, 2, 29), "2024-03-29"},    // Good Friday, but no jurisdiction: weekends only
		{ReqObjection, day(2026, 12, 31), "2027-02-01"}, // Dec → Jan rollover, Sunday
		{ReqObjection, day(2026, 12, 1), "2027-01-01"},
		{ReqPortability, time.Date(2026, 1, 31, 23, 30, 0, 0, berlin), "2026-03-02"}, // local date counts
		{ReqHIPAAAccess, day(2026, 1, 31), "2026-03-02"},
		{ReqHIPAAAccess, day(2026, 1, 30), "2026-03-01"}, // HIPAA counts calendar days: a Sunday stays
		{ReqHIPAAAmendment, day(2026, 1, 1), "2026-03-02"},
	}
	for _, c := range cases {
		if got := (Request{Type: c.typ, ReceivedAt: c.received}).OriginalDue().Format(time.DateOnly); got != c.want {
			t.Errorf("%s received %s: due %s, want %s", c.typ, c.received, got, c.want)
		}
	}
}

// TestAddMonthsClampedOracle checks the clamp rule against a day-by-day
// walk: the result is the same day in the target month, or its last day.
func TestAddMonthsClampedOracle(t *testing.T) {
	for d := day(2023, 12, 1); d.Before(day(2029, 1, 1)); d = d.AddDate(0, 0, 1) {
		for _, n := range []int{1, 2, 3, 24} {
			got := AddMonthsClamped(d, n)
			wantMonth := (int(d.Month())-1+n)%12 + 1
			if int(got.Month()) != wantMonth {
				t.Fatalf("%s + %d: month %s", d.Format(time.DateOnly), n, got.Month())
			}
			lastDay := got.AddDate(0, 0, 1).Month() != got.Month()
			if got.Day() != d.Day() && !(got.Day() < d.Day() && lastDay) {
				t.Fatalf("%s + %d = %s", d.Format(time.DateOnly), n, got.Format(time.DateOnly))
			}
		}
	}
}

func newReq(t *testing.T, typ RequestType, received time.Time) Request {
	t.Helper()
	r, err := NewRequest(Intake{SubjectID: "pat-1", Type: typ, Channel: ChannelLetter, ReceivedAt: received,
		Requester: "Synthetic Requester", RequesterRelation: RelSelf, PurposeID: "marketing"}, nil, desk, received)
	if err != nil {
		t.Fatalf("NewRequest: %v", err)
	}
	return r
}

func TestExtension(t *testing.T) {
	r := newReq(t, ReqAccess, day(2024, 1, 31))
	cases := []struct {
		name   string
		months int
		reason string
		actor  Actor
		at     time.Time
		want   error
		due    string
	}{
		{"one month", 1, "complex request", dpo, day(2024, 2, 10), nil, "2024-03-29"},
		{"two months, on the due day", 2, "many requests", admin, day(2024, 2, 29).Add(23 * time.Hour), nil, "2024-04-29"},
		{"three months", 3, "x", dpo, day(2024, 2, 10), ErrInvalid, ""},
		{"zero months", 0, "x", dpo, day(2024, 2, 10), ErrInvalid, ""},
		{"no reason", 2, " ", dpo, day(2024, 2, 10), ErrInvalid, ""},
		{"after due date", 1, "late", dpo, day(2024, 3, 1), ErrTransition, ""},
		{"front desk", 1, "x", desk, day(2024, 2, 10), ErrPermission, ""},
		{"clinician", 1, "x", clin, day(2024, 2, 10), ErrPermission, ""},
	}
	for _, c := range cases {
		got, tr, err := Extend(r, notice(c.months, c.reason, c.at), c.actor, c.at)
		if !errors.Is(err, c.want) || (c.want == nil && err != nil) {
			t.Errorf("%s: err %v, want %v", c.name, err, c.want)
			continue
		}
		if c.want != nil {
			continue
		}
		if d := got.Due().Format(time.DateOnly); d != c.due {
			t.Errorf("%s: due %s, want %s", c.name, d, c.due)
		}
		if tr.Action != "extend" || tr.By != c.actor.UserID || !tr.At.Equal(c.at) {
			t.Errorf("%s: transition %+v", c.name, tr)
		}
		if _, _, err := Extend(got, notice(1, "again", c.at), dpo, c.at); !errors.Is(err, ErrTransition) {
			t.Errorf("%s: second extension: %v", c.name, err)
		}
	}
	h := newReq(t, ReqHIPAAAccess, day(2026, 1, 1))
	h, _, err := Extend(h, notice(1, "records off site", day(2026, 1, 20)), dpo, day(2026, 1, 20))
	if err != nil || h.Due().Format(time.DateOnly) != "2026-03-02" {
		t.Errorf("HIPAA extension: %v due %s", err, h.Due())
	}
	h2 := newReq(t, ReqHIPAAAccess, day(2026, 1, 1))
	if _, _, err := Extend(h2, notice(2, "x", day(2026, 1, 20)), dpo, day(2026, 1, 20)); !errors.Is(err, ErrInvalid) {
		t.Errorf("HIPAA two periods: %v", err)
	}
}

func TestClock(t *testing.T) {
	r := newReq(t, ReqAccess, day(2026, 3, 31)) // due 2026-04-30
	cases := []struct {
		now  time.Time
		left int
		want Clock
	}{
		{day(2026, 4, 1), 29, ClockGreen},
		{day(2026, 4, 22).Add(23 * time.Hour), 8, ClockGreen},
		{day(2026, 4, 23), 7, ClockAmber},
		{day(2026, 4, 30).Add(23*time.Hour + 59*time.Minute), 0, ClockAmber},
		{day(2026, 5, 1), -1, ClockRed},
	}
	for _, c := range cases {
		if l, cl := r.DaysLeft(c.now), r.Clock(c.now); l != c.left || cl != c.want {
			t.Errorf("now %s: %d %s, want %d %s", c.now, l, cl, c.left, c.want)
		}
	}
	closed := r
	closed.State = StateWithdrawn
	if closed.Clock(day(2027, 1, 1)) != ClockClosed {
		t.Error("closed request has a running clock")
	}
	other := newReq(t, ReqErasure, day(2026, 3, 1))
	late := Overdue([]Request{r, closed, other}, day(2026, 5, 2))
	if len(late) != 2 || late[0].ID != other.ID || late[1].ID != r.ID {
		t.Errorf("overdue %v", late)
	}
}

// TestStateMachine tries every (from, to) pair with every role and checks
// the outcome against the workflow as written in the brief.
func TestStateMachine(t *testing.T) {
	allowed := map[string]bool{
		"received>verifying": true, "received>in-progress": true, "received>denied": true, "received>withdrawn": true,
		"verifying>in-progress": true, "verifying>denied": true, "verifying>withdrawn": true,
		"in-progress>completed": true, "in-progress>denied": true, "in-progress>withdrawn": true,
	}
	at := day(2026, 2, 1)
	for _, from := range States() {
		for _, to := range States() {
			for _, a := range []Actor{dpo, admin, desk, clin} {
				r := newReq(t, ReqAccess, day(2026, 1, 20))
				r.State = from
				r.Verification = &Verification{Method: VerifyIDDocument, By: "u-desk", At: at, Verified: true}
				got, tr, err := Advance(r, to, a, at, "gdpr-12-5-excessive")
				key := fmt.Sprintf("%s>%s", from, to)
				decider := a.Role == RoleDPO || a.Role == RoleAdmin
				needsDecider := to == StateCompleted || to == StateDenied
				mayAct := decider || (a.Role == RoleFrontDesk && !needsDecider)
				switch {
				case !allowed[key]:
					if !errors.Is(err, ErrTransition) {
						t.Errorf("%s by %s: %v, want ErrTransition", key, a.Role, err)
					}
				case !mayAct:
					if !errors.Is(err, ErrPermission) {
						t.Errorf("%s by %s: %v, want ErrPermission", key, a.Role, err)
					}
				case err != nil:
					t.Errorf("%s by %s: %v", key, a.Role, err)
				default:
					if got.State != to || tr.From != from || tr.To != to || tr.By != a.UserID || tr.Role != a.Role || !tr.At.Equal(at) {
						t.Errorf("%s by %s: state %s, transition %+v", key, a.Role, got.State, tr)
					}
					if to.Closed() != !got.ClosedAt.IsZero() {
						t.Errorf("%s: ClosedAt %v", key, got.ClosedAt)
					}
				}
			}
		}
	}
}

func TestAdvanceGuards(t *testing.T) {
	at := day(2026, 2, 1)
	r := newReq(t, ReqErasure, day(2026, 1, 20))
	if _, _, err := Advance(r, StateInProgress, desk, at, ""); !errors.Is(err, ErrTransition) {
		t.Errorf("in progress without verification: %v", err)
	}
	if _, _, err := Advance(r, StateDenied, dpo, at, ""); !errors.Is(err, ErrInvalid) {
		t.Errorf("denial without ground: %v", err)
	}
	if _, _, err := Advance(r, StateDenied, dpo, at, "gdpr-16-accurate"); !errors.Is(err, ErrInvalid) {
		t.Errorf("denial with a rectification ground for erasure: %v", err)
	}
	d, tr, err := Advance(r, StateDenied, dpo, at, "gdpr-12-6-identity")
	if err != nil || d.DenialGround != "gdpr-12-6-identity" || tr.Detail != "gdpr-12-6-identity" {
		t.Errorf("denial: %v %+v %+v", err, d, tr)
	}
	failed, tr, err := Verify(r, Verification{Method: VerifyCallback, At: at, Verified: false}, desk)
	if err != nil || failed.State != StateVerifying || tr.To != StateVerifying || failed.Verification.By != "u-desk" {
		t.Fatalf("verify: %v %+v", err, failed)
	}
	if _, _, err := Advance(failed, StateInProgress, desk, at, ""); !errors.Is(err, ErrTransition) {
		t.Errorf("in progress after failed verification: %v", err)
	}
	if _, _, err := Verify(r, Verification{Method: "guess", At: at}, desk); !errors.Is(err, ErrInvalid) {
		t.Errorf("unknown method: %v", err)
	}
	if _, _, err := Verify(r, Verification{Method: VerifyCallback, At: at}, clin); !errors.Is(err, ErrPermission) {
		t.Errorf("clinician verifying: %v", err)
	}
}

func TestDuplicates(t *testing.T) {
	first := newReq(t, ReqAccess, day(2026, 1, 10))
	in := Intake{SubjectID: "pat-1", Type: ReqAccess, Channel: ChannelEmail, ReceivedAt: day(2026, 1, 12),
		Requester: "Synthetic Requester", RequesterRelation: RelSelf}
	_, err := NewRequest(in, []Request{first}, desk, day(2026, 1, 12))
	var de *DuplicateError
	if !errors.As(err, &de) || !errors.Is(err, ErrDuplicate) || len(de.IDs) != 1 || de.IDs[0] != first.ID {
		t.Fatalf("duplicate: %v", err)
	}
	in.AcceptDuplicate = true
	if _, err := NewRequest(in, []Request{first}, desk, day(2026, 1, 12)); err != nil {
		t.Errorf("accepted duplicate: %v", err)
	}
	in.AcceptDuplicate = false
	closed := first
	closed.State = StateCompleted
	other := newReq(t, ReqErasure, day(2026, 1, 10))
	otherSubject := first
	otherSubject.SubjectID = "pat-2"
	if _, err := NewRequest(in, []Request{closed, other, otherSubject}, desk, day(2026, 1, 12)); err != nil {
		t.Errorf("not duplicates: %v", err)
	}
	in.Requester = ""
	in.ReceivedAt = day(2026, 2, 1)
	_, err = NewRequest(in, nil, desk, day(2026, 1, 12))
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.Fields[0].Field != "requester" {
		t.Errorf("missing requester: %v", err)
	}
	if _, err := NewRequest(in, nil, clin, day(2026, 1, 12)); !errors.Is(err, ErrPermission) {
		t.Errorf("clinician intake: %v", err)
	}
}

func TestBlocksFromRequests(t *testing.T) {
	cat := defaults(t)
	at := day(2026, 2, 1)
	v := &Verification{Method: VerifyIDDocument, By: "u", At: at, Verified: true}
	obj := newReq(t, ReqObjection, day(2026, 1, 20))
	obj.PurposeID, obj.SubjectID, obj.Verification, obj.State = "research:quality", "pat-1", v, StateInProgress
	obj, _, err := Advance(obj, StateCompleted, dpo, at, "")
	if err != nil {
		t.Fatal(err)
	}
	res := newReq(t, ReqRestriction, day(2026, 1, 20))
	res.SubjectID, res.Verification, res.State = "pat-2", v, StateInProgress
	res, _, err = Advance(res, StateCompleted, dpo, at, "")
	if err != nil {
		t.Fatal(err)
	}
	res, _, err = LiftRestriction(res, dpo, day(2026, 3, 1))
	if err != nil {
		t.Fatal(err)
	}
	ix := mustIndex(t, cat, nil, BlocksFromRequests([]Request{obj, res}))
	checks := []struct {
		patient, purpose string
		at               time.Time
		want             bool
	}{
		{"pat-1", "research:quality", day(2026, 1, 31), true},
		{"pat-1", "research:quality", at, false},
		{"pat-1", "treatment", at, true},
		{"pat-2", "treatment", day(2026, 2, 15), false},
		{"pat-2", "treatment", day(2026, 3, 1), true},
	}
	for _, c := range checks {
		if d := ix.Allowed(c.patient, c.purpose, "", CatDiagnoses, c.at); d.Allowed != c.want {
			t.Errorf("%+v: %+v", c, d)
		}
	}
}

// notice is an extension told to the requester by letter at the moment it is recorded.
func notice(months int, reason string, at time.Time) ExtensionNotice {
	return ExtensionNotice{Months: months, Reason: reason, ToldAt: at, ToldVia: ChannelLetter}
}
