module github.com/ydrz-dev/ydrz/bindings/go

go 1.24
