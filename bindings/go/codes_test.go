package ydrz

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// catalogRows reads data/return_codes.tsv, the source the library's catalog is compiled from.
func catalogRows(t *testing.T) []CodeEntry {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "data", "return_codes.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	var rows []CodeEntry
	for i, line := range strings.Split(string(data), "\n") {
		if i == 0 || strings.TrimSpace(line) == "" {
			continue
		}
		c := strings.Split(line, "\t")
		if len(c) < 6 {
			t.Fatalf("return_codes.tsv line %d has %d columns", i+1, len(c))
		}
		rows = append(rows, CodeEntry{Product: c[0], Stage: c[1], Code: c[2], MessageZH: c[3], MeaningEN: c[4], Hint: c[5]})
	}
	return rows
}

// TestCodeDescribe compares CodeDescribe with the catalog's source for codes with one and several entries.
func TestCodeDescribe(t *testing.T) {
	rows := catalogRows(t)
	for _, code := range []string{"103000", "104007", "104013", "000"} {
		var want []CodeEntry
		for _, r := range rows {
			if r.Code == code {
				want = append(want, r)
			}
		}
		got, err := CodeDescribe(code, "", "")
		if err != nil {
			t.Fatalf("CodeDescribe(%s): %v", code, err)
		}
		if len(want) == 0 || len(got) != len(want) {
			t.Fatalf("CodeDescribe(%s): %d entries, the TSV has %d", code, len(got), len(want))
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("CodeDescribe(%s)[%d] = %+v, want %+v", code, i, got[i], want[i])
			}
		}
		narrowed, err := CodeDescribe(code, want[0].Product, want[0].Stage)
		if err != nil || len(narrowed) == 0 {
			t.Fatalf("CodeDescribe(%s, %s, %s) = %v, %v", code, want[0].Product, want[0].Stage, narrowed, err)
		}
		for _, e := range narrowed {
			if e.Product != want[0].Product || e.Stage != want[0].Stage {
				t.Errorf("narrowed CodeDescribe returned %s/%s", e.Product, e.Stage)
			}
		}
	}
	if got, err := CodeDescribe("no-such-code", "", ""); err != nil || got == nil || len(got) != 0 {
		t.Fatalf("CodeDescribe of an unknown code = %#v, %v; want an empty slice", got, err)
	}
}

// TestCodeMessage compares CodeMessage with the TSV, narrowed by product and stage.
func TestCodeMessage(t *testing.T) {
	rows := catalogRows(t)
	checked := 0
	for _, r := range rows {
		if r.Code != "104007" && r.Code != "001" {
			continue
		}
		checked++
		got, ok := CodeMessage(r.Code, r.Product, r.Stage)
		// The first entry of a (code, product, stage) triple wins.
		var want string
		for _, first := range rows {
			if first.Code == r.Code && first.Product == r.Product && first.Stage == r.Stage {
				want = first.MessageZH
				break
			}
		}
		if !ok || got != want {
			t.Errorf("CodeMessage(%s, %s, %s) = %q, %v; want %q", r.Code, r.Product, r.Stage, got, ok, want)
		}
	}
	if checked == 0 {
		t.Fatal("the TSV has no rows for the codes under test")
	}
	for _, args := range [][3]string{{"no-such-code", "", ""}, {"103000", "no_such_product", ""}, {"", "", ""}, {"103\x00000", "", ""}} {
		if got, ok := CodeMessage(args[0], args[1], args[2]); ok || got != "" {
			t.Errorf("CodeMessage%q = %q, %v; want not found", args, got, ok)
		}
	}
}
