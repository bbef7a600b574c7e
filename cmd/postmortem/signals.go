package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/term"

	"github.com/postmortem-dev/postmortem/export"
)

// Exit codes of a run ended by a signal: 128 + the signal's number, as a
// shell reports a process the signal killed.
const (
	exitInterrupt = 130 // SIGINT (Ctrl-C)
	exitTerm      = 143 // SIGTERM
)

// handleSignals makes SIGINT and SIGTERM end the run cleanly: the
// temporary files of the outputs being written are removed (each target
// keeps its previous content, or stays absent), "postmortem: interrupted"
// goes to stderr and the process exits 130 or 143. run itself installs
// nothing, so tests call it freely.
//
// pull is left out: it stops on SIGINT by itself, after the record in
// flight (see cmd_pull.go), and writes no temporary file.
func handleSignals(args []string) {
	if len(args) > 0 && args[0] == "pull" {
		return
	}
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt, syscall.SIGTERM)
	go func() {
		s := <-c
		export.CleanupTemps()
		if term.IsTerminal(int(os.Stderr.Fd())) {
			fmt.Fprintln(os.Stderr) // below a progress bar or the echoed ^C
		}
		fmt.Fprintln(os.Stderr, "postmortem: interrupted")
		os.Exit(signalExit(s))
	}()
}

// signalExit is the exit code for a run ended by s.
func signalExit(s os.Signal) int {
	if s == syscall.SIGTERM {
		return exitTerm
	}
	return exitInterrupt
}
