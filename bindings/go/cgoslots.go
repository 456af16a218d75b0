package ydrz

import "runtime"

// cgoSlots bounds the goroutines inside calls into the native library at once (Client, Exchange and key
// methods, and the frees). A goroutine in a C call holds its OS thread for the whole call, and the runtime
// starts a new thread for every other runnable goroutine meanwhile, so N validations beginning at once (each
// begin signs with RSA) would hold up to N threads. The native calls are CPU-bound, so more of them at once
// than GOMAXPROCS (read when the package is initialised) would not finish sooner; the others wait here,
// parked, without a thread. Waiting for the answers is net/http's, which needs no thread per request.
var cgoSlots = make(chan struct{}, max(runtime.GOMAXPROCS(0), 2))

// inCgoSlot runs fn, which calls into the native library, in one of the cgoSlots.
func inCgoSlot(fn func()) {
	cgoSlots <- struct{}{}
	defer func() { <-cgoSlots }()
	fn()
}
