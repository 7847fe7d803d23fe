//! Themes and sizes: the dark theme (chosen, kept across a reload, or the system's), the code
//! editor and the graph in it, the presenter text size on a 1920×1080 projector, and a phone.
//! With `E2E_SCREENSHOTS=1` the pages are saved as screenshots/dark_*, presenter_*, phone_*.

use browser_tests::lab::{check, Lab, Step};

async fn eval(lab: &Lab, script: &str) -> Step<serde_json::Value> {
    Ok(lab
        .driver
        .execute(script, vec![])
        .await
        .map_err(|e| format!("{script}: {e}"))?
        .json()
        .clone())
}

async fn eval_text(lab: &Lab, script: &str) -> Step<String> {
    Ok(eval(lab, script).await?.as_str().unwrap_or_default().to_string())
}

/// The relative luminance (0 black, 1 white) of a computed `rgb(r, g, b)` colour.
fn luminance(rgb: &str) -> Step<f64> {
    let parts: Vec<f64> = rgb
        .trim_start_matches("rgba(")
        .trim_start_matches("rgb(")
        .trim_end_matches(')')
        .split(',')
        .take(3)
        .map(|p| p.trim().parse::<f64>().map_err(|e| format!("{rgb}: {e}")))
        .collect::<Result<_, _>>()?;
    let linear = |c: f64| {
        let c = c / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    Ok(0.2126 * linear(parts[0]) + 0.7152 * linear(parts[1]) + 0.0722 * linear(parts[2]))
}

/// The computed `property` of the first element matching `selector`.
async fn style(lab: &Lab, selector: &str, property: &str) -> Step<String> {
    let value = lab
        .driver
        .execute(
            "const e = document.querySelector(arguments[0]);
             return e ? getComputedStyle(e).getPropertyValue(arguments[1]) : null;",
            vec![selector.into(), property.into()],
        )
        .await
        .map_err(|e| e.to_string())?
        .json()
        .clone();
    value
        .as_str()
        .map(String::from)
        .ok_or_else(|| format!("no {selector} on the page"))
}

/// Scrolls the element with this id to the top of the window, for a screenshot.
async fn scroll_to(lab: &Lab, id: &str) -> Step {
    let element = lab.element(id).await?;
    let element = element.to_json().map_err(|e| e.to_string())?;
    lab.driver
        .execute("arguments[0].scrollIntoView({block: 'start'});", vec![element])
        .await
        .map_err(|e| e.to_string())?;
    Ok(())
}

/// Waits until the playground's run has ended (the backup example succeeds or fails at random).
async fn finished(lab: &Lab) -> Step {
    for _ in 0..100 {
        let status = lab.text("result-status").await?;
        if status == "SUCCEEDED" || status == "FAILED" {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    Err("the backup example's run never ended".into())
}

async fn is_dark(lab: &Lab, selector: &str, property: &str) -> Step<bool> {
    Ok(luminance(&style(lab, selector, property).await?)? < 0.05)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_dark_theme_is_chosen_kept_and_drawn() {
    let lab = Lab::start().await;
    let outcome = dark(&lab).await;
    lab.finish("the_dark_theme_is_chosen_kept_and_drawn", outcome)
        .await;
}

async fn dark(lab: &Lab) -> Step {
    lab.open_lesson_with_solution("backup-workflow", "06-backup-workflow")
        .await?;
    check(
        !is_dark(lab, "body", "background-color").await?,
        "the page starts light (the browser's system theme is light)",
    )?;
    lab.choose_theme("dark").await?;
    lab.click("run").await?;
    lab.verdict("true").await?;
    for (selector, property) in [
        ("body", "background-color"),
        (".instructions-pane", "background-color"),
        (".cm-editor", "background-color"),
        ("svg.graph", "background-color"),
        ("#graph .node .box", "fill"),
    ] {
        check(
            is_dark(lab, selector, property).await?,
            format!("{selector}'s {property} is dark"),
        )?;
    }
    // CodeMirror's own parts (selection, search panel, tooltips) switch too.
    let editor_dark = eval(
        lab,
        "return !!document.querySelector('.cm-editor') &&
           getComputedStyle(document.querySelector('.cm-editor')).colorScheme === 'dark';",
    )
    .await?;
    check(editor_dark == true, "the editor's color-scheme is dark")?;
    lab.snapshot("dark_lesson").await;
    scroll_to(lab, "graph").await?;
    lab.snapshot("dark_lesson_graph").await;
    scroll_to(lab, "verdict").await?;
    lab.snapshot("dark_lesson_verdict").await;

    // The choice is kept: a reload comes back dark.
    lab.driver.refresh().await.map_err(|e| e.to_string())?;
    lab.element("editor").await?;
    let kept = eval_text(lab, "return document.documentElement.dataset.theme;").await?;
    check(
        kept == "dark",
        format!("the theme survives a reload, not {kept:?}"),
    )?;
    let label = lab.text("theme-toggle").await?;
    check(
        label == "Theme: Dark",
        format!("the toggle shows the choice, not {label:?}"),
    )?;

    // The playground after a run: a waiting task, succeeded states, the services' tables.
    lab.run_example("approval-workflow").await?;
    lab.wait_for_text("result-status", "RUNNING").await?;
    check(
        is_dark(lab, "#graph .mark-waiting > .box", "fill").await?,
        "the waiting state's box is dark",
    )?;
    lab.snapshot("dark_playground").await;
    scroll_to(lab, "graph").await?;
    lab.snapshot("dark_playground_graph").await;
    lab.run_example("backup-workflow").await?;
    finished(lab).await?;
    scroll_to(lab, "graph").await?;
    lab.snapshot("dark_playground_backup").await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_theme_follows_the_system_until_one_is_chosen() {
    let lab = Lab::start().await;
    let outcome = system(&lab).await;
    lab.finish("the_theme_follows_the_system_until_one_is_chosen", outcome)
        .await;
}

async fn system(lab: &Lab) -> Step {
    lab.open_lesson("hello-pass").await?;
    lab.choose_theme("system").await?;
    let cdp = lab.driver.cdp();
    let scheme =
        |value: &str| serde_json::json!({"features": [{"name": "prefers-color-scheme", "value": value}]});
    let theme = || eval_text(lab, "return document.documentElement.dataset.theme;");
    // The page hears of the system's change in an event of its own: give it a moment.
    let settled = |wanted: &'static str| async move {
        for _ in 0..50 {
            if theme().await? == wanted {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        theme().await
    };
    cdp.send_raw("Emulation.setEmulatedMedia", scheme("dark"))
        .await
        .map_err(|e| e.to_string())?;
    let now = settled("dark").await?;
    check(
        now == "dark",
        format!("a dark system makes the page dark, not {now:?}"),
    )?;
    cdp.send_raw("Emulation.setEmulatedMedia", scheme("light"))
        .await
        .map_err(|e| e.to_string())?;
    let now = settled("light").await?;
    check(
        now == "light",
        format!("a light system makes the page light, not {now:?}"),
    )?;
    // A choice wins over the system.
    lab.choose_theme("dark").await?;
    let now = theme().await?;
    check(now == "dark", format!("the learner's choice wins, not {now:?}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn presenter_text_on_a_projector_and_the_lab_on_a_phone() {
    let lab = Lab::start().await;
    let outcome = sizes(&lab).await;
    lab.finish("presenter_text_on_a_projector_and_the_lab_on_a_phone", outcome)
        .await;
}

/// Sets the viewport to `width`×`height` CSS pixels.
async fn viewport(lab: &Lab, width: i64, height: i64) -> Step {
    lab.driver
        .cdp()
        .send_raw(
            "Emulation.setDeviceMetricsOverride",
            serde_json::json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600}),
        )
        .await
        .map_err(|e| e.to_string())?;
    Ok(())
}

async fn sizes(lab: &Lab) -> Step {
    viewport(lab, 1920, 1080).await?;
    lab.open_lesson_with_solution("backup-workflow", "06-backup-workflow")
        .await?;
    let normal = style(lab, "body", "font-size").await?;
    lab.click("text-size-toggle").await?;
    let pressed = lab
        .element("text-size-toggle")
        .await?
        .attr("aria-pressed")
        .await
        .map_err(|e| e.to_string())?;
    check(
        pressed.as_deref() == Some("true"),
        "the presenter toggle is pressed",
    )?;
    let presenter = style(lab, "body", "font-size").await?;
    check(
        normal == "16px" && presenter == "20px",
        format!("presenter text is larger: {normal} then {presenter}"),
    )?;
    let editor_font = style(lab, ".cm-editor", "font-size").await?;
    check(
        editor_font != "14px",
        format!("the editor's text grows too ({editor_font})"),
    )?;
    lab.click("run").await?;
    lab.verdict("true").await?;
    lab.snapshot("presenter_1920x1080").await;
    lab.click("text-size-toggle").await?;
    let back = style(lab, "body", "font-size").await?;
    check(back == "16px", format!("normal text again, not {back}"))?;

    // A phone: the panes stack and nothing is wider than the screen.
    viewport(lab, 390, 844).await?;
    lab.driver.refresh().await.map_err(|e| e.to_string())?;
    lab.element("editor").await?;
    lab.click("run").await?;
    lab.verdict("true").await?;
    let layout = eval(
        lab,
        "const i = document.querySelector('.instructions-pane').getBoundingClientRect();
         const w = document.querySelector('.work-pane').getBoundingClientRect();
         return {stacked: w.top >= i.bottom, page: document.documentElement.scrollWidth,
                 screen: document.documentElement.clientWidth};",
    )
    .await?;
    check(
        layout["stacked"] == true,
        format!("the panes stack on a phone: {layout}"),
    )?;
    check(
        layout["page"].as_f64() <= layout["screen"].as_f64(),
        format!("nothing scrolls sideways on a phone: {layout}"),
    )?;
    lab.snapshot("phone_lesson").await;
    let editor = lab.element("editor").await?;
    editor.scroll_into_view().await.map_err(|e| e.to_string())?;
    lab.snapshot("phone_lesson_editor").await;
    lab.element("verdict")
        .await?
        .scroll_into_view()
        .await
        .map_err(|e| e.to_string())?;
    lab.snapshot("phone_lesson_verdict").await;
    lab.run_example("backup-workflow").await?;
    finished(lab).await?;
    lab.element("graph")
        .await?
        .scroll_into_view()
        .await
        .map_err(|e| e.to_string())?;
    lab.snapshot("phone_playground").await;
    let page = eval(
        lab,
        "return document.documentElement.scrollWidth <= document.documentElement.clientWidth;",
    )
    .await?;
    check(
        page == true,
        "nothing scrolls sideways in the playground on a phone",
    )
}
