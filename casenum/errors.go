package casenum

import "fmt"

// Stable rejection codes carried by Error.Code. Callers branch on these, never on the text.
const (
	CodeEmpty          = "casenum.empty"           // nothing left after removing spaces
	CodeFormat         = "casenum.format"          // not shaped like a case number
	CodeDocumentNumber = "casenum.document_number" // 〔2015〕25号: a document number (文号)
	CodeNotarial       = "casenum.notarial"        // …证字第…号: a notarial certificate
	CodeArbitration    = "casenum.arbitration"     // …仲…字…: an arbitration case
	CodeYear           = "casenum.year"            // year not four digits or outside 1949..next year
	CodeCourtCode      = "casenum.court_code"      // unknown or malformed 法院代字
	CodeUnknownType    = "casenum.unknown_type"    // 类型代字 not in the table
	CodeSerial         = "casenum.serial"          // missing, zero or overlong serial
	CodeSub            = "casenum.sub"             // malformed 之N suffix
)

// Error is a rejected case number: the input, a stable code and a message in Chinese and English.
type Error struct {
	Input     string
	Code      string
	Message   string // zh-CN
	MessageEn string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s: %s (%s): %q", e.Code, e.Message, e.MessageEn, e.Input)
}

// reject builds an Error; zh and en are formats taking the same args.
func reject(input, code, zh, en string, args ...any) *Error {
	return &Error{Input: input, Code: code, Message: fmt.Sprintf(zh, args...), MessageEn: fmt.Sprintf(en, args...)}
}
