//! Share links in headless Chromium: "Open in playground" takes the saga lesson's solution and a
//! check's input to the playground; "Share" makes a link (at most 2,000 characters) that opens the
//! same texts in a fresh browser, where they run; the texts a link replaced can be put back.

use browser_tests::lab::{check, editor_text, repo_root, Lab, Step};

#[tokio::test(flavor = "multi_thread")]
async fn a_share_link_round_trips_into_a_fresh_browser() {
    let lab = Lab::start().await;
    let fresh = Lab::start().await;
    let outcome = round_trip(&lab, &fresh).await;
    fresh
        .finish("a_share_link_opens_in_a_fresh_browser", Ok(()))
        .await;
    lab.finish("a_share_link_round_trips_into_a_fresh_browser", outcome)
        .await;
}

async fn round_trip(lab: &Lab, fresh: &Lab) -> Step {
    let solution = std::fs::read_to_string(repo_root().join("lessons/14-saga/solution.asl.json"))
        .map_err(|e| e.to_string())?;
    // The playground has text of its own first, which the link must not lose.
    lab.driver
        .goto(&format!("{}#/playground", lab.home()))
        .await
        .map_err(|e| e.to_string())?;
    let own = editor_text(&lab.element("editor").await?).await?;

    lab.open_lesson_with_solution("saga", "14-saga").await?;
    lab.click("open-in-playground").await?;
    lab.element("share-opened").await?;
    let url = lab.driver.current_url().await.map_err(|e| e.to_string())?;
    check(
        url.as_str().ends_with("#/playground"),
        format!("the address is plain again once the link is read: {url}"),
    )?;
    let editor = lab.element("editor").await?;
    check(
        editor_text(&editor).await? == solution,
        "the playground holds the lesson's text",
    )?;
    let input = editor_text(&lab.element("input").await?).await?;
    check(
        input.contains('{') && input != "{}",
        format!("a check's input came along: {input}"),
    )?;
    let scenario = editor_text(&lab.element("scenario").await?).await?;
    check(
        scenario.contains("services"),
        format!("the lesson's scenario came along: {scenario}"),
    )?;

    lab.click("share-link").await?;
    let link = lab
        .element("share-url")
        .await?
        .prop("value")
        .await
        .map_err(|e| e.to_string())?
        .unwrap_or_default();
    eprintln!(
        "share link for the saga solution: {} characters",
        link.chars().count()
    );
    check(
        link.chars().count() <= 2_000,
        format!(
            "the link is at most 2,000 characters, not {}",
            link.chars().count()
        ),
    )?;
    lab.snapshot("share_link").await;

    // A fresh browser (no storage of its own) opens the link's texts and runs them.
    let hash = link
        .split_once('#')
        .map(|(_, hash)| hash)
        .ok_or("the link has a hash")?;
    fresh
        .driver
        .goto(&format!("{}#{hash}", fresh.home()))
        .await
        .map_err(|e| e.to_string())?;
    fresh.element("share-opened").await?;
    check(
        editor_text(&fresh.element("editor").await?).await? == solution,
        "the fresh browser holds the shared definition",
    )?;
    check(
        editor_text(&fresh.element("input").await?).await? == input,
        "and the shared input",
    )?;
    fresh.click("run").await?;
    let status = fresh.text("result-status").await?;
    check(!status.is_empty(), "the shared machine runs")?;

    // Back in the first browser, the playground's own text comes back.
    lab.click("share-restore").await?;
    check(
        editor_text(&lab.element("editor").await?).await? == own,
        "the texts the link replaced are put back",
    )
}
