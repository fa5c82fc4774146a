// Package calendar is the legal calendar of Qingfeng: the State Council's public holidays and
// adjusted working days (defs/calendar/holidays), the statutory time limits and other deadlines
// (defs/calendar/timelimits.yaml), and the clock that measures a proceeding against its limit
// from its events (deductions, suspensions, approved extensions, procedure conversions).
//
// The tables are data: LoadCalendar and LoadLimits read them from an fs.FS laid out like
// defs/ (defs.Default() or a court's overlay) and reject a broken file with its name, line and
// reason. The counting rules follow docs/spec/indicators.md, "Precise readings".
package calendar
