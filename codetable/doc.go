// Package codetable loads the Supreme People's Court's code tables that Qingfeng reads in
// source data: 案由 (causes of action), 结案方式 (closing methods), 审判程序 (procedure codes of
// the 案件类型 standard) and small dictionaries (案件类型, 文书类型, 法院层级, 不公开理由).
//
// The tables are data files under defs/codes, converted from the SPC's lists by
// codetable/internal/convert. The codes and names are the SPC's; the fields named project_…
// (and a cause's category) are Qingfeng's additions that tie an SPC code to the enumerations of
// the domain package. Everything is checked at load, and a bad file is reported with its path,
// its line and the reason, so a court that overrides a table learns exactly what to fix.
//
// Lookups are map reads on immutable tables and are safe for concurrent use.
package codetable
