module github.com/ydrz-dev/ydrz/tests/conformance/go_transport

go 1.24

require github.com/ydrz-dev/ydrz/bindings/go v0.0.0

replace github.com/ydrz-dev/ydrz/bindings/go => ../../../bindings/go
