// Command qingfeng is the Qingfeng court trial-quality and integrity-risk platform in one
// binary: generate a synthetic province, ingest source records, and serve the web interface
// and JSON API. Run `qingfeng --help` for the commands.
package main

import (
	"os"

	"github.com/qingfeng-court/qingfeng/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
