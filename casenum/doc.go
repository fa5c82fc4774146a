// Package casenum parses, validates and formats Chinese court case numbers (案号) in the
// form set by the SPC's 法〔2015〕137号 (人民法院案件类型及其代字标准) and its 2018 revision
// (法〔2018〕335号): （year）court-code [specialised-trial character] type-code serial 号 [之N].
// Old-style numbers (…民初字第123号) are recognised as legacy.
//
// The case-type codes (what each means: category, stage, SPC numeric code), the
// specialised-trial prefixes (知) and the court codes (province characters and the numbering of
// specialised courts) are data in defs/casetypes, loaded by LoadTypes; Default is the embedded
// set.
//
// Parse accepts the spellings found in real records and returns a Number whose String is the
// normalised form; rejections are *Error values with a stable Code (casenum.year, …) and a
// message in Chinese and English. The category and stage a number implies are on TypeInfo
// (Types.Lookup, Types.Info) with Number.Stage and Number.Category as shortcuts; Level gives a
// court code's level from its number of digits.
package casenum
