package main

import (
	"runtime"
	"sync"
)

// ordered runs work over the items produce emits on up to workers
// goroutines and hands the results to consume in the order the items were
// emitted, so output is deterministic whatever the scheduling. At most
// window items are in flight (emitted but not yet consumed), which bounds
// memory however many items there are: produce blocks until consume
// catches up. consume runs on the calling goroutine's behalf, one result
// at a time.
func ordered[T, R any](workers, window int, produce func(emit func(T)), work func(T) R, consume func(R)) {
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	if window < workers {
		// Wide enough that one slow document does not idle the other
		// workers while results wait for it, small enough to bound memory.
		window = 32 * workers
	}
	type job struct {
		seq  int
		item T
	}
	type result struct {
		seq int
		r   R
	}
	jobs := make(chan job)
	results := make(chan result, window)
	slots := make(chan struct{}, window) // one per item in flight
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				results <- result{j.seq, work(j.item)}
			}
		}()
	}
	go func() {
		seq := 0
		produce(func(item T) {
			slots <- struct{}{}
			jobs <- job{seq, item}
			seq++
		})
		close(jobs)
		wg.Wait()
		close(results)
	}()
	pending := map[int]R{}
	next := 0
	for res := range results {
		pending[res.seq] = res.r
		for {
			r, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			consume(r)
			<-slots
		}
	}
}
