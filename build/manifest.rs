//! `include/ydrz.abi.json`: the C ABI as data, for the bindings' tests. Functions, parameters, types and
//! constants come from what cbindgen parsed for the header (so the two cannot disagree); each pointer
//! parameter's nullability comes from the export's own body in src/ffi: a parameter read by `opt_arg`,
//! `opt_out`, `free_handle`, `strings::free`, `.as_ref()` or used as `call`'s error slot accepts NULL, one read
//! by `arg`, `handle`, `Out::new` or `Out::value` does not.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use cbindgen::ir::{Function, Literal, PrimitiveType, Type};
use cbindgen::Bindings;
use serde_json::{json, Value};
use syn::visit::Visit;

/// Helpers whose first argument may be NULL, and those that reject NULL with YDRZ_E_NULL_ARG.
const NULLABLE_READERS: &[&str] = &["opt_arg", "opt_out", "free_handle", "free", "call", "bytes"];
const REQUIRED_READERS: &[&str] = &["arg", "handle", "new", "value"];

pub fn generate(root: &Path, bindings: &Bindings) -> Vec<u8> {
    let nullability = read_nullability(&root.join("src/ffi"));
    let mut functions = Vec::new();
    for function in bindings.functions.iter().filter(|f| f.cfg.is_none()) {
        functions.push(function_entry(bindings, function, &nullability));
    }
    let (mut statuses, mut constants) = (Vec::new(), Vec::new());
    for constant in bindings.constants.iter().filter(|c| c.cfg.is_none()) {
        let Literal::Expr(value) = &constant.value else {
            panic!("constant {} is not a plain literal", constant.export_name)
        };
        let entry = json!({
            "name": constant.export_name,
            "value": value.parse::<i64>().unwrap_or_else(|_| panic!("constant {} is not an integer", constant.export_name)),
            "doc": doc(&constant.documentation.doc_comment),
        });
        if constant.export_name == "YDRZ_OK" || constant.export_name.starts_with("YDRZ_E_") {
            statuses.push(entry);
        } else {
            constants.push(entry);
        }
    }
    let types: Vec<Value> = bindings.items.iter().map(|item| json!(item.deref().export_name())).collect();
    let manifest = json!({
        "generated_by": "build.rs from src/ffi (cbindgen's parse of the exports). Do not edit; CI fails if it drifts.",
        "version": env!("CARGO_PKG_VERSION"),
        "opaque_types": types,
        "statuses": statuses,
        "constants": constants,
        "functions": functions,
    });
    let mut text = serde_json::to_vec_pretty(&manifest).expect("the manifest serializes");
    text.push(b'\n');
    text
}

fn doc(lines: &[String]) -> String {
    lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ").trim().to_string()
}

fn function_entry(
    bindings: &Bindings,
    function: &Function,
    nullability: &BTreeMap<String, BTreeMap<String, bool>>,
) -> Value {
    let name = function.path.name().to_string();
    let by_param = nullability.get(&name);
    let frees = name.ends_with("_free");
    let takes_handle = function.args.iter().any(|a| matches!(&a.ty, Type::Ptr { ty, .. } if handle_name(ty).is_some()));
    let params: Vec<Value> = function
        .args
        .iter()
        .map(|arg| {
            let pname = arg.name.clone().expect("exports name their parameters");
            let c_type = c_type(bindings, &arg.ty);
            let (direction, ownership) = param_role(&arg.ty, frees);
            let nullable = match &arg.ty {
                Type::Ptr { .. } => Value::Bool(*by_param.and_then(|p| p.get(&pname)).unwrap_or_else(|| {
                    panic!(
                        "{name}: cannot tell whether `{pname}` accepts NULL; read it with arg/opt_arg, handle, \
                         Out::new/opt_out or free_handle (build/manifest.rs)"
                    )
                })),
                _ => Value::Null,
            };
            json!({ "name": pname, "c_type": c_type, "direction": direction, "nullable": nullable, "ownership": ownership })
        })
        .collect();
    let returns_ownership = match &function.ret {
        Type::Ptr { .. } if takes_handle => "borrowed from the argument: valid until it is freed",
        Type::Ptr { .. } => "static: never freed",
        Type::Primitive(PrimitiveType::Void) => "none",
        _ => "value",
    };
    let status = function.args.last().and_then(|a| a.name.as_deref()) == Some("err");
    json!({
        "name": name,
        "returns": { "c_type": c_type(bindings, &function.ret), "ownership": returns_ownership, "status": status },
        "params": params,
        "outputs": function.args.iter().filter(|a| param_role(&a.ty, frees).0 == "out").map(|a| a.name.clone()).collect::<Vec<_>>(),
        "doc": doc(&function.documentation.doc_comment),
    })
}

/// `ydrz_client` for a pointer to an opaque handle type.
fn handle_name(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(path) => Some(path.export_name().to_string()),
        _ => None,
    }
}

/// (direction, ownership) of a parameter.
fn param_role(ty: &Type, frees: bool) -> (&'static str, String) {
    match ty {
        Type::Ptr { ty: inner, is_const: false, .. } => match inner.as_ref() {
            Type::Ptr { ty: target, .. } => match target.as_ref() {
                Type::Primitive(PrimitiveType::Char) => ("out", "caller owns; free with ydrz_string_free".into()),
                other => {
                    let handle = handle_name(other).expect("an output slot holds a string or a handle");
                    ("out", format!("caller owns; free with {handle}_free"))
                }
            },
            Type::Primitive(PrimitiveType::Char) | Type::Path(_) if frees => {
                ("in", "consumed: freed by the call".into())
            }
            Type::Primitive(_) => ("out", "value".into()),
            Type::Path(_) => ("in", "borrowed handle that the call may change: not freed during the call".into()),
            _ => panic!("unexpected mutable pointer parameter"),
        },
        Type::Ptr { ty: inner, is_const: true, .. } => match inner.as_ref() {
            Type::Primitive(PrimitiveType::Char) => ("in", "borrowed for the call".into()),
            _ => ("in", "borrowed handle: not freed during the call".into()),
        },
        _ => ("in", "value".into()),
    }
}

fn c_type(bindings: &Bindings, ty: &Type) -> String {
    match ty {
        Type::Ptr { ty, is_const, .. } => {
            format!("{}{} *", if *is_const { "const " } else { "" }, c_type(bindings, ty)).replace("* *", "**")
        }
        Type::Path(path) => path.export_name().to_string(),
        Type::Primitive(p) => p.to_repr_c(&bindings.config).to_string(),
        _ => panic!("the C ABI uses only pointers, opaque types and primitives"),
    }
}

/// For every `extern "C"` function under `dir`: which pointer parameters accept NULL (see the module docs).
fn read_nullability(dir: &Path) -> BTreeMap<String, BTreeMap<String, bool>> {
    let mut all = BTreeMap::new();
    let mut files: Vec<_> =
        fs::read_dir(dir).expect("src/ffi is readable").map(|e| e.expect("src/ffi entry").path()).collect();
    files.sort();
    for file in files.into_iter().filter(|p| p.extension().is_some_and(|e| e == "rs")) {
        let text = fs::read_to_string(&file).expect("src/ffi files are readable");
        let parsed = syn::parse_file(&text).unwrap_or_else(|e| panic!("{} does not parse: {e}", file.display()));
        for item in parsed.items {
            if let syn::Item::Fn(f) = item {
                if f.sig.abi.is_some() {
                    let mut reads = Reads::default();
                    reads.visit_block(&f.block);
                    all.insert(f.sig.ident.to_string(), reads.0);
                }
            }
        }
    }
    all
}

/// The parameter an argument names: `param`, or `param.cast_const()` and the like.
fn parameter_path(arg: &syn::Expr) -> Option<&syn::ExprPath> {
    match arg {
        syn::Expr::Path(path) => Some(path),
        syn::Expr::MethodCall(call) if call.args.is_empty() => match call.receiver.as_ref() {
            syn::Expr::Path(path) => Some(path),
            _ => None,
        },
        _ => None,
    }
}

#[derive(Default)]
struct Reads(BTreeMap<String, bool>);

impl<'ast> Visit<'ast> for Reads {
    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        if let (syn::Expr::Path(func), Some(first)) = (call.func.as_ref(), call.args.first().and_then(parameter_path)) {
            let helper = func.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
            if let Some(param) = first.path.get_ident().map(|i| i.to_string()) {
                if NULLABLE_READERS.contains(&helper.as_str()) {
                    self.0.entry(param).or_insert(true);
                } else if REQUIRED_READERS.contains(&helper.as_str()) {
                    self.0.insert(param, false);
                }
            }
        }
        syn::visit::visit_expr_call(self, call);
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        if call.method == "as_ref" {
            if let syn::Expr::Path(receiver) = call.receiver.as_ref() {
                if let Some(param) = receiver.path.get_ident() {
                    self.0.entry(param.to_string()).or_insert(true);
                }
            }
        }
        syn::visit::visit_expr_method_call(self, call);
    }
}
