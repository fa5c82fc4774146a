// Package cli is the qingfeng command line: one cobra command per job (gen, ingest,
// quarantine, serve, demo, defs, version). Main runs it and turns errors into a message on
// stderr and a non-zero exit status.
package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
)

// Version is set at build time with -ldflags "-X github.com/qingfeng-court/qingfeng/cli.Version=…".
var Version = "dev"

// Main runs the command line with args and returns the exit status.
func Main(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	root := newRoot(stdout, stderr)
	root.SetArgs(args)
	if err := root.ExecuteContext(ctx); err != nil {
		fmt.Fprintf(stderr, "qingfeng: %v\n", err)
		return 1
	}
	return 0
}

func newRoot(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:           "qingfeng",
		Short:         "清风：法院审判质量与廉政风险平台 / court trial-quality and integrity-risk platform",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	slog.SetDefault(slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo})))
	root.AddCommand(
		newGenCmd(),
		newIngestCmd(),
		newQuarantineCmd(),
		newServeCmd(),
		newDemoCmd(),
		newDefsCmd(),
		newCasenumCmd(),
		newPacerCmd(),
		newReviewCmd(),
		newWorkCmd(), newPublishCmd(),
		newIndicatorsCmd(),
		newBackupCmd(), newRestoreCmd(),
		newUsersCmd(), newAuditCmd(),
		newRulesCmd(), newWarningsCmd(),
		&cobra.Command{
			Use:   "version",
			Short: "版本 / print the version",
			Run:   func(cmd *cobra.Command, _ []string) { fmt.Fprintln(cmd.OutOrStdout(), "qingfeng", Version) },
		},
	)
	return root
}
