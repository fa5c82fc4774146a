// Package casenum parses, validates and formats Chinese court case numbers (案号) in the
// form set by the SPC's 法〔2015〕137号 (人民法院案件类型及其代字标准) and its 2018 revision:
// （year）court-code type-code serial 号 [之N]. Old-style numbers (…民初字第123号) are
// recognised as legacy. The case-type codes and what each means (category, stage) are a
// data table in defs/casetypes.
package casenum
