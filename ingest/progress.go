package ingest

import (
	"io"
	"time"

	"github.com/schollz/progressbar/v3"
)

// progress draws a bar over the bytes of both passes; with no writer it does nothing.
type progress struct{ bar *progressbar.ProgressBar }

func newProgress(w io.Writer, files []inputFile) *progress {
	if w == nil {
		return &progress{}
	}
	var total int64
	for _, f := range files {
		total += 2 * f.size // every file is read once per pass
	}
	return &progress{bar: progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("导入 ingest"),
		progressbar.OptionShowBytes(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)}
}

func (p *progress) add(n int) {
	if p.bar != nil {
		_ = p.bar.Add(n)
	}
}

func (p *progress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}
