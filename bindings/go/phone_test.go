package ydrz

import "testing"

func TestMaskPhoneShowsNeitherTheNumberNorItsLength(t *testing.T) {
	cases := map[string]string{"13800138000": "138****8000", "1380013800": "****", "138001380001": "****", "": "****"}
	for phone, want := range cases {
		if got, err := MaskPhone(phone); err != nil || got != want {
			t.Errorf("MaskPhone(%q) = %q, %v; want %q", phone, got, err, want)
		}
	}
}
