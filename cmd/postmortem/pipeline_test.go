package main

import (
	"math/rand/v2"
	"sync/atomic"
	"testing"
	"time"
)

// TestOrderedKeepsOrderAndBoundsWork: results arrive in emit order however
// long each item takes, and no more than window items are ever in flight.
func TestOrderedKeepsOrderAndBoundsWork(t *testing.T) {
	for _, workers := range []int{1, 2, 8} {
		const n, window = 500, 16
		var inFlight, maxInFlight atomic.Int64
		var got []int
		ordered(workers, window,
			func(emit func(int)) {
				for i := range n {
					if v := inFlight.Add(1); v > maxInFlight.Load() {
						maxInFlight.Store(v)
					}
					emit(i)
				}
			},
			func(i int) int {
				time.Sleep(time.Duration(rand.IntN(50)) * time.Microsecond)
				return i * 2
			},
			func(r int) {
				inFlight.Add(-1)
				got = append(got, r)
			})
		if len(got) != n {
			t.Fatalf("workers=%d: %d results, want %d", workers, len(got), n)
		}
		for i, r := range got {
			if r != i*2 {
				t.Fatalf("workers=%d: result %d is %d, want %d", workers, i, r, i*2)
			}
		}
		// emit counts an item before it blocks on a slot, so allow one more.
		if m := maxInFlight.Load(); m > window+1 {
			t.Errorf("workers=%d: %d items in flight, window %d", workers, m, window)
		}
	}
}
