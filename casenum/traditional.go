package casenum

// traditional maps the traditional forms of the characters case numbers are written with to
// the simplified forms courts issue them in. Court systems never write traditional characters,
// but copies of judgments on the web are often machine-converted, and numbers pasted from them
// arrive so: （2018）魯06破申4號 is （2018）鲁06破申4号. Province abbreviations first, then the
// characters of type codes, then those around the serial.
var traditional = map[rune]rune{
	'滬': '沪', '遼': '辽', '魯': '鲁', '蘇': '苏', '贛': '赣', '晉': '晋', '內': '内', '陝': '陕',
	'閩': '闽', '貴': '贵', '粵': '粤', '寧': '宁', '瓊': '琼', '雲': '云', '軍': '军',
	'執': '执', '終': '终', '監': '监', '復': '复', '異': '异', '財': '财', '證': '证', '賠': '赔',
	'懲': '惩', '強': '强', '認': '认', '協': '协', '臺': '台', '審': '审', '轄': '辖', '訴': '诉',
	'調': '调', '請': '请', '醫': '医', '沒': '没', '經': '经', '國': '国', '號': '号',
}
