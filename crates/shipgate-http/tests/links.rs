//! External link checks against the demo service: busy servers are asked again after the
//! wait they ask for (on a manual clock: no test sleeps), and a link is never a pass unless
//! it finally answers 2xx.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

use std::time::Duration;

use shipgate_core::ManualClock;
use shipgate_demo::{spawn, DemoHandle, DemoOptions};
use shipgate_http::links::{check_links, LinkCheck, LinkStatus};
use shipgate_http::Clock;

fn demo() -> (String, DemoHandle) {
    let (addr, handle) = spawn(DemoOptions::default()).unwrap();
    (format!("http://{addr}"), handle)
}

async fn check_one(url: String, check: &LinkCheck) -> (LinkStatus, Duration) {
    let clock = ManualClock::new();
    let mut answers = check_links(&[url], check, &clock).await;
    (answers.remove(0), clock.elapsed())
}

#[tokio::test]
async fn a_rate_limited_link_passes_after_the_waits_the_server_asked_for() {
    let (base, _demo) = demo();
    let (status, waited) =
        check_one(format!("{base}/rate-limited/2/7"), &LinkCheck::default()).await;
    assert_eq!(status, LinkStatus::Ok(200));
    // two 429 answers, each with Retry-After: 7
    assert_eq!(waited, Duration::from_secs(14));
}

#[tokio::test]
async fn without_retry_after_the_waits_double() {
    let (base, _demo) = demo();
    let (status, waited) =
        check_one(format!("{base}/rate-limited/2/-"), &LinkCheck::default()).await;
    assert_eq!(status, LinkStatus::Ok(200));
    assert_eq!(waited, Duration::from_secs(1 + 2));
}

#[tokio::test]
async fn a_link_still_busy_after_every_attempt_is_broken_and_says_so() {
    let (base, _demo) = demo();
    let (status, waited) =
        check_one(format!("{base}/rate-limited/5/1"), &LinkCheck::default()).await;
    assert_eq!(
        status,
        LinkStatus::Broken("429 Too Many Requests after 3 attempts".to_owned())
    );
    assert_eq!(waited, Duration::from_secs(2));
}

#[tokio::test]
async fn a_wait_longer_than_the_limit_is_not_taken() {
    let (base, _demo) = demo();
    let check = LinkCheck {
        max_wait: Duration::from_secs(60),
        ..LinkCheck::default()
    };
    let (status, waited) = check_one(format!("{base}/rate-limited/1/3600"), &check).await;
    let LinkStatus::Broken(why) = status else {
        panic!("{status:?}")
    };
    assert!(why.starts_with("429 Too Many Requests"), "{why}");
    assert!(why.contains("3600 s") && why.contains("60 s"), "{why}");
    assert_eq!(waited, Duration::ZERO);
}

#[tokio::test]
async fn one_attempt_means_no_retry() {
    let (base, _demo) = demo();
    let check = LinkCheck {
        attempts: 1,
        ..LinkCheck::default()
    };
    let (status, waited) = check_one(format!("{base}/rate-limited/1/1"), &check).await;
    assert_eq!(
        status,
        LinkStatus::Broken("429 Too Many Requests".to_owned())
    );
    assert_eq!(waited, Duration::ZERO);
}

#[tokio::test]
async fn a_missing_page_is_broken_at_once_and_an_unreachable_host_says_why() {
    let (base, demo) = demo();
    let (status, waited) = check_one(format!("{base}/no/such/page"), &LinkCheck::default()).await;
    assert_eq!(status, LinkStatus::Broken("404 Not Found".to_owned()));
    assert_eq!(waited, Duration::ZERO);

    demo.stop().unwrap();
    let check = LinkCheck {
        timeout: Duration::from_secs(5),
        ..LinkCheck::default()
    };
    let (status, waited) = check_one(format!("{base}/health/live"), &check).await;
    let LinkStatus::Broken(why) = status else {
        panic!("{status:?}")
    };
    assert!(why.starts_with("could not connect"), "{why}");
    assert_eq!(waited, Duration::ZERO);
}

#[tokio::test]
async fn results_keep_the_order_of_the_urls() {
    let (base, _demo) = demo();
    let urls = vec![
        format!("{base}/missing"),
        format!("{base}/health/live"),
        format!("{base}/rate-limited/1/0"),
    ];
    let answers = check_links(&urls, &LinkCheck::default(), &ManualClock::new()).await;
    assert_eq!(
        answers,
        [
            LinkStatus::Broken("404 Not Found".to_owned()),
            LinkStatus::Ok(200),
            LinkStatus::Ok(200),
        ]
    );
}
