// Command postmortem turns vendor incident reports into reliability
// figures. See README.md or run `postmortem --help`.
package main

import "os"

func main() {
	handleSignals(os.Args[1:])
	os.Exit(run(os.Args[1:], systemIO()))
}
