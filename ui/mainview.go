package ui

import (
	"path/filepath"
	"strings"

	"custodia/ui/audit"
	"custodia/ui/backup"
	"custodia/ui/consents"
	"custodia/ui/dashboard"
	"custodia/ui/kit"
	"custodia/ui/patients"
	"custodia/ui/users"
	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Section names for navigation.
const (
	sectionPatients = "Patients"
	sectionUsers    = "Users"
	sectionAudit    = "Audit"
)

// mainView is the window after unlock: a header with the signed-in user
// and a Lock button, and tabs for the sections the role may use.
type mainView struct {
	app     *App
	session kit.Session
	content fyne.CanvasObject

	tabs     *container.AppTabs
	sections map[*container.TabItem]string // tab → Section* key
	lock     *widget.Button
	passBtn  *widget.Button
	userInfo *widget.Label

	Patients *patients.View
	// patientConsents is the last consent panel opened from the patient form.
	patientConsents *consents.Panel
	Users           *users.View
	Audit           *audit.View
	consent         *consentSections
	research        *researchSection
	// Overview is the DPO dashboard (governance roles), or nil.
	Overview *dashboard.View
	// PassChange is the last "change my passphrase" dialog opened.
	PassChange *users.PassphraseChange
	// Enrol is the last second-factor enrolment opened from the header.
	Enrol   *users.EnrolView
	totpBtn *widget.Button
	// backups are the session's backup reminder and dialog, nil when the
	// session cannot write backups.
	backups *backup.Backups
}

func newMainView(a *App, s kit.Session) *mainView {
	m := &mainView{app: a, session: s, backups: backup.New(a.env, s, a.vault.Path())}
	u := s.User()
	m.userInfo = widget.NewLabel(u.Name + " · " + kit.RoleLabel(a.env.Loc, u.Role))
	m.userInfo.TextStyle.Bold = true
	m.lock = widget.NewButtonWithIcon(a.env.Loc.T("menus.lock"), theme.LogoutIcon(), a.lock)
	m.passBtn = widget.NewButton(a.env.Loc.T("menus.changepassphrase"), m.ChangePassphrase)
	m.passBtn.Importance = widget.LowImportance
	m.totpBtn = widget.NewButton(a.env.Loc.T("menus.secondfactor"), m.SecondFactorDialog)
	m.totpBtn.Importance = widget.LowImportance
	if _, ok := s.(kit.SecondFactor); !ok {
		m.totpBtn.Hide()
	}
	m.tabs = container.NewAppTabs()
	m.tabs.SetTabLocation(container.TabLocationLeading)
	if u.Role.Can(vault.PermPatientRead) {
		m.Patients = patients.New(a.env, s, m.patientHooks())
		m.addTab(sectionPatients, theme.AccountIcon(), m.Patients.Content())
	}
	if u.Role.Can(vault.PermUserManage) {
		m.Users = users.NewView(a.env, s)
		m.addTab(sectionUsers, theme.SettingsIcon(), m.Users.Content())
	}
	m.consent = addConsentSections(m)
	m.research = addResearchSection(m)
	if u.Role.Can(vault.PermAuditRead) {
		m.Audit = audit.NewView(a.env, s)
		m.addTab(sectionAudit, theme.ListIcon(), m.Audit.Content())
	}
	addOverview(m) // dashboardwire.go
	m.tabs.OnSelected = func(t *container.TabItem) { a.touch(); m.activate(m.sectionOf(t)) }
	m.content = container.NewBorder(m.header(), nil, nil, nil, m.body())
	if len(m.tabs.Items) > 0 {
		m.activate(m.sectionOf(m.tabs.Items[0]))
	}
	return m
}

func (m *mainView) header() fyne.CanvasObject {
	name := widget.NewLabel(m.app.env.Loc.T("menus.appname"))
	name.TextStyle.Bold = true
	file := widget.NewLabel(filepath.Base(m.app.vault.Path()))
	who := container.NewHBox(widget.NewIcon(theme.AccountIcon()), m.userInfo, m.passBtn, m.totpBtn)
	bar := container.NewBorder(nil, nil, container.NewHBox(name, file), container.NewHBox(who, m.lock))
	if m.backups != nil {
		if r := m.backups.Reminder(m.session.User().Role); r != nil {
			return container.NewVBox(bar, r, widget.NewSeparator())
		}
	}
	return container.NewVBox(bar, widget.NewSeparator())
}

func (m *mainView) body() fyne.CanvasObject {
	if len(m.tabs.Items) > 0 {
		return m.tabs
	}
	msg := widget.NewLabel(m.app.env.Loc.T("menus.noaccess"))
	msg.Wrapping = fyne.TextWrapWord
	return kit.Centered(msg, 520)
}

// Sections lists the navigation entries shown, in order.
func (m *mainView) Sections() []string {
	out := make([]string, len(m.tabs.Items))
	for i, t := range m.tabs.Items {
		out[i] = m.sectionOf(t)
	}
	return out
}

// Show switches to a section by name; false if the role does not have it.
func (m *mainView) Show(section string) bool {
	for _, t := range m.tabs.Items {
		if m.sectionOf(t) == section {
			m.tabs.Select(t)
			m.activate(section)
			return true
		}
	}
	return false
}

// activate loads a section's data the first time it is shown.
func (m *mainView) activate(section string) {
	if m.activateOverview(section) {
		return
	}
	switch section {
	case sectionPatients:
		m.Patients.Activate()
	case sectionUsers:
		m.Users.Activate()
	case sectionAudit:
		m.Audit.Activate()
	case sectionResearch:
		if m.research != nil {
			m.research.view.Activate()
		}
	default:
		m.consent.activate(section)
	}
}

func (m *mainView) menu() *fyne.MainMenu {
	lock := fyne.NewMenuItem(m.app.env.Loc.T("menus.lock"), m.app.lock)
	lock.Shortcut = m.app.opts.LockShortcut
	lock.Icon = theme.LogoutIcon() // every item of the menu has one, so their words line up
	closeVault := fyne.NewMenuItem(m.app.env.Loc.T("menus.closevault"), m.app.closeVault)
	closeVault.Icon = theme.StorageIcon()
	change := fyne.NewMenuItem(m.app.env.Loc.T("menus.changemypassphrase"), m.ChangePassphrase)
	change.Icon = theme.AccountIcon()
	quit := m.app.quitItem()
	quit.Icon = theme.WindowCloseIcon()
	vaultMenu := fyne.NewMenu(m.app.env.Loc.T("menus.vault"), lock, change, fyne.NewMenuItemSeparator(), closeVault, fyne.NewMenuItemSeparator(), quit)
	if m.Patients == nil {
		return fyne.NewMainMenu(vaultMenu, m.app.languageMenu(), m.app.helpMenu())
	}
	return fyne.NewMainMenu(vaultMenu, m.app.patientsMenu(), m.app.languageMenu(), m.app.helpMenu())
}

// addTab appends a section's tab, titled in the current language; the
// section is known by its key (Section*) whatever the language.
func (m *mainView) addTab(section string, icon fyne.Resource, content fyne.CanvasObject) {
	t := container.NewTabItemWithIcon(m.app.env.Loc.T("menus.section."+strings.ToLower(section)), icon, content)
	if m.sections == nil {
		m.sections = map[*container.TabItem]string{}
	}
	m.sections[t] = section
	m.tabs.Append(t)
}

// sectionOf is the Section* key of a tab.
func (m *mainView) sectionOf(t *container.TabItem) string { return m.sections[t] }
