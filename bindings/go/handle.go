package ydrz

// #include "ydrz.h"
import "C"

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
)

// openHandles counts the native objects created and not yet freed (by Close or by a GC cleanup).
var openHandles atomic.Int64

// native is a pointer P to a native object (its zero value means none) with the function that frees it.
type native[P comparable] struct {
	ptr  P
	free func(P)
}

func (n native[P]) release() {
	inCgoSlot(func() { n.free(n.ptr) })
	openHandles.Add(-1)
}

// handle owns one native object for a Go wrapper (PrivateKey, PublicKey, Client, Exchange), which embeds it. The
// object is freed by close, or by a GC cleanup when the wrapper becomes unreachable without being closed.
// Calls hold the read lock, so close waits for the calls in progress and never frees an object in use.
type handle[P comparable] struct {
	mu      sync.RWMutex
	obj     native[P] // obj.ptr is the zero P once closed (and in the zero value)
	cleanup runtime.Cleanup
}

// open creates the native object of a new (zero) h with the C constructor create, which takes the string
// argument text (named name in C), and makes h its owner, to be freed with free.
func (h *handle[P]) open(name, text string, create func(text *C.char, out *P, cerr **C.ydrz_error) C.int32_t,
	free func(P)) error {
	var a cArgs
	defer a.free()
	ctext := a.str(name, text)
	if a.err != nil {
		return a.err
	}
	var ptr P
	var cerr *C.ydrz_error
	if err := takeError(create(ctext, &ptr, &cerr), cerr); err != nil {
		return err
	}
	h.adopt(ptr, free)
	return nil
}

// adopt makes a new (zero) h the owner of the native object ptr, to be freed with free.
func (h *handle[P]) adopt(ptr P, free func(P)) {
	h.obj = native[P]{ptr, free}
	openHandles.Add(1)
	h.cleanup = runtime.AddCleanup(h, native[P].release, h.obj)
}

// use runs fn (which calls into the native library) with the native pointer while holding the read lock, in
// one of the cgoSlots; kind names the wrapper type for the ErrClosed message.
func (h *handle[P]) use(kind string, fn func(P) error) error {
	h.mu.RLock()
	defer h.mu.RUnlock()
	var none P
	if h.obj.ptr == none {
		return fmt.Errorf("ydrz: %s: %w", kind, ErrClosed)
	}
	var err error
	inCgoSlot(func() { err = fn(h.obj.ptr) })
	runtime.KeepAlive(h)
	return err
}

// close frees the native object once; later calls do nothing.
func (h *handle[P]) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	var none P
	if h.obj.ptr == none {
		return
	}
	h.cleanup.Stop()
	h.obj.release()
	h.obj.ptr = none
}
