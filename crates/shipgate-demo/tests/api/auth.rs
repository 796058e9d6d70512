//! Login, token capture and bearer authentication.

use serde_json::json;
use shipgate_demo::{spawn, DemoOptions};

use crate::client::{get, get_with, post_json};

#[test]
fn login_token_opens_api_me() {
    let (addr, _server) = spawn(DemoOptions::default()).unwrap();
    let login = post_json(
        addr,
        "/auth/login",
        r#"{"user":"alice","password":"s3cret"}"#,
    );
    assert_eq!(login.status, 200);
    let token = login.json()["access_token"].as_str().unwrap().to_owned();
    assert!(token.len() >= 32, "{token}");
    let bearer = format!("Bearer {token}");
    let me = get_with(addr, "/api/me", &[("Authorization", &bearer)]);
    assert_eq!(me.status, 200);
    assert_eq!(me.json(), json!({ "user": "alice" }));
}

#[test]
fn api_me_without_a_valid_token_is_401() {
    let (addr, _server) = spawn(DemoOptions::default()).unwrap();
    post_json(
        addr,
        "/auth/login",
        r#"{"user":"alice","password":"s3cret"}"#,
    );
    let none = get(addr, "/api/me");
    assert_eq!(none.status, 401);
    assert_eq!(none.header("www-authenticate"), Some("Bearer"));
    let wrong = get_with(addr, "/api/me", &[("Authorization", "Bearer not-a-token")]);
    assert_eq!(wrong.status, 401);
    let basic = get_with(
        addr,
        "/api/me",
        &[("Authorization", "Basic YWxpY2U6czNjcmV0")],
    );
    assert_eq!(basic.status, 401);
}

#[test]
fn login_rejects_empty_and_malformed_credentials() {
    let (addr, _server) = spawn(DemoOptions::default()).unwrap();
    assert_eq!(
        post_json(addr, "/auth/login", r#"{"user":"alice","password":""}"#).status,
        401
    );
    assert_eq!(
        post_json(addr, "/auth/login", r#"{"user":"alice"}"#).status,
        400
    );
}

#[test]
fn each_login_gets_a_fresh_token() {
    let (addr, _server) = spawn(DemoOptions::default()).unwrap();
    let token = || {
        post_json(addr, "/auth/login", r#"{"user":"bob","password":"pw"}"#).json()["access_token"]
            .clone()
    };
    assert_ne!(token(), token());
}
