//! Obsidian vaults build as they are: one small fixture vault per rule, checked on the
//! built HTML, the search index and the messages a user reads.

mod common;

use common::TempSite;

/// The `<div class="content">` part of a built page.
fn content(site: &TempSite, page: &str) -> String {
    let html = site.read(&format!("public/{page}/index.html"));
    let start = html.find("<div class=\"content\">").expect("content");
    let end = html[start..].find("<section class=\"backlinks\"").map_or(html.len(), |e| start + e);
    html[start..end].to_string()
}

/// Builds and returns (success, stderr).
fn build(site: &TempSite) -> (bool, String) {
    let out = site.run(&["build"]);
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// Builds; fails the test on an error; returns the warnings printed.
fn build_warns(site: &TempSite) -> String {
    let (ok, stderr) = build(site);
    assert!(ok, "build failed:\n{stderr}");
    stderr
}

#[test]
fn a_note_without_title_is_titled_by_its_file_name_or_first_heading() {
    let site = TempSite::new("vault-title");
    site.write("notes/Bases/Date type.md", "Dates and times.\n\n# A heading\n");
    site.write("notes/Bases/Views.md", "---\ntags: [bases]\n---\nViews of a base.\n");
    site.write("notes/Getting started/Intro.md", "Welcome.\n");
    assert_eq!(build_warns(&site), "");
    let page = site.read("public/Bases/date-type/index.html");
    assert!(page.contains("<h1>Date type</h1>"), "title from the file name, page at a clean slug");
    assert!(
        page.contains("<summary>Getting started <span class=\"count\">1</span></summary>"),
        "the folder's own name"
    );
    assert!(site.exists("public/getting-started/Intro/index.html"));
    assert!(site.read("public/Bases/Views/index.html").contains("<h1>Views</h1>"));

    site.write("notes/Bases/Opening.md", "# Opening\n\nThe title heading is shown once.\n");
    assert_eq!(build_warns(&site), "");
    assert_eq!(site.read("public/Bases/Opening/index.html").matches(">Opening</h1>").count(), 1);

    site.write("studysite.toml", "title_from = \"first-heading\"\n");
    assert_eq!(build_warns(&site), "");
    assert!(site.read("public/Bases/date-type/index.html").contains("<h1>A heading</h1>"));
    assert!(site.read("public/Bases/Views/index.html").contains("<h1>Views</h1>"), "no heading: file name");
}

#[test]
fn headings_are_linked_by_their_text() {
    let site = TempSite::new("vault-headings");
    site.write(
        "notes/Guide/Date type.md",
        "## Date Type & Time: Basics!\n\nText.\n\n## Part one\n\n### Setup\n\nOne.\n\n## Part two\n\n### Setup\n\nTwo.\n",
    );
    site.write(
        "notes/Other.md",
        "[[Date type#date type & time: basics!]] [[Date type#Part two#Setup|second]] [[Guide/Date type#Setup]] [[#Local part]]\n\n## Local part\n\n### See [[Date type]]\n",
    );
    assert_eq!(build_warns(&site), "");
    let html = content(&site, "Other");
    assert!(
        html.contains(
            r##"<a href="../Guide/date-type/#date-type--time-basics">Date type › date type &amp; time: basics!</a>"##
        ),
        "{html}"
    );
    assert!(
        html.contains(r##"<a href="../Guide/date-type/#setup-1">second</a>"##),
        "nested: Setup under Part two: {html}"
    );
    assert!(html.contains(r##"href="../Guide/date-type/#setup""##), "{html}");
    assert!(html.contains(r##"<a href="#local-part">Local part</a>"##), "{html}");
    assert!(html.contains(r##"See <a href="../Guide/date-type/">Date type</a>"##), "a link in a heading: {html}");

    site.write("notes/Other.md", "[[Date type#No such heading]]\n");
    let (ok, stderr) = build(&site);
    assert!(!ok);
    assert!(stderr.contains("`Guide/Date type` has no heading `#No such heading`"), "{stderr}");
    assert!(stderr.contains("notes/Other.md:1:1"), "{stderr}");
}

#[test]
fn block_references_link_to_their_paragraph_or_item() {
    let site = TempSite::new("vault-blocks");
    site.write("notes/Facts.md", "A fact worth quoting. ^fact-1\n\n- first item ^item-a\n- second item\n");
    site.write("notes/Use.md", "See [[Facts#^fact-1|the fact]] and [[Facts#^item-a]].\n");
    assert_eq!(build_warns(&site), "");
    let facts = content(&site, "Facts");
    assert!(facts.contains(r#"<p id="block-fact-1">A fact worth quoting.</p>"#), "{facts}");
    assert!(facts.contains(r#"<li id="block-item-a">first item</li>"#), "{facts}");
    assert!(!facts.contains('^'), "{facts}");
    let html = content(&site, "Use");
    assert!(html.contains(r##"<a href="../Facts/#block-fact-1">the fact</a>"##), "{html}");
    assert!(html.contains(r##"<a href="../Facts/#block-item-a">Facts › item-a</a>"##), "{html}");

    site.write("notes/Use.md", "[[Facts#^nope]]\n");
    let (ok, stderr) = build(&site);
    assert!(!ok && stderr.contains("`Facts` has no block `^nope`"), "{stderr}");
}

#[test]
fn notes_and_attachments_are_found_anywhere_in_the_vault() {
    let site = TempSite::new("vault-lookup");
    site.write("notes/Attachments/diagram one.png", "png");
    site.write("notes/Attachments/icons/lucide-list.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    site.write("notes/a/deep/Topic.md", "Deep topic.\n");
    site.write("notes/b/Topic.md", "Topic near the root.\n");
    site.write("notes/c/Same.md", "c.\n");
    site.write("notes/d/Same.md", "d.\n");
    site.write("notes/d/Here.md", "[[Same]] is d's own.\n");
    site.write("notes/Café notes.md", "Unicode name.\n");
    site.write(
        "notes/x/Reader.md",
        "![[diagram one.png]] ![shot](diagram%20one.png#interface) ![[lucide-list.svg#icon]] [[Topic]] [[Same]] [[Café notes]] [md](Topic.md) [md2](../b/Topic)\n",
    );
    let stderr = build_warns(&site);
    // The tie the rule cannot settle (same depth, neither in the linking note's folder).
    assert!(stderr.contains("warning: `Same` could mean `c/Same`, `d/Same`; using `c/Same`"), "{stderr}");
    assert!(stderr.contains("notes/x/Reader.md:1:"), "{stderr}");
    assert_eq!(stderr.matches("could mean").count(), 1, "d/Here.md is settled by its own folder: {stderr}");
    let html = content(&site, "x/Reader");
    assert!(html.contains(r#"src="../../Attachments/diagram%20one.png" alt="diagram one""#), "{html}");
    assert!(html.contains(r#"src="../../Attachments/diagram%20one.png#interface""#), "{html}");
    assert!(html.contains(r#"class="embed-image icon" src="../../Attachments/icons/lucide-list.svg""#), "{html}");
    assert!(html.contains(r#"<a href="../../b/Topic/">Topic</a>"#), "nearest the root wins: {html}");
    assert!(html.contains(r#"<a href="../../c/Same/">Same</a>"#), "{html}");
    assert!(html.contains(r#"<a href="../../caf%C3%A9-notes/">Café notes</a>"#), "{html}");
    assert!(
        html.contains(r#"<a href="../../b/Topic/">md</a>"#) && html.contains(r#"<a href="../../b/Topic/">md2</a>"#),
        "{html}"
    );
    assert!(content(&site, "d/Here").contains(r#"<a href="../../d/Same/">Same</a>"#));
    assert!(site.exists("public/Attachments/diagram one.png"), "attachments copied to a stable path");
    assert!(site.exists("public/café-notes/index.html"));
}

#[test]
fn escaped_pipes_in_tables_label_wiki_links() {
    let site = TempSite::new("vault-pipes");
    site.write("notes/Views/Table view.md", "Rows and columns.\n");
    site.write(
        "notes/Overview.md",
        "| View | Use |\n|---|---|\n| [[Table view\\|Table]] | rows |\n| [[Views/Table view#\\|x]] | y |\n",
    );
    let stderr = build_warns(&site);
    assert_eq!(stderr, "");
    let html = content(&site, "Overview");
    assert!(html.contains(r#"<td><a href="../Views/table-view/">Table</a></td>"#), "{html}");
}

#[test]
fn every_kind_of_embed_renders_as_its_element() {
    let site = TempSite::new("vault-embeds");
    for f in ["pic.png", "doc.pdf", "talk.mp3", "clip.mp4", "data.csv"] {
        site.write(&format!("notes/Attachments/{f}"), "x");
    }
    site.write(
        "notes/Source.md",
        "Intro of source.\n\n## Part\n\nPart text with [[Other]].\n\n## Next\n\nNot embedded.\n",
    );
    site.write("notes/Other.md", "Other.\n");
    site.write(
        "notes/Page.md",
        "![[pic.png|300]] ![[pic.png|300x200]] ![[pic.png|A caption]]\n\n![[doc.pdf]]\n\n![[talk.mp3]]\n\n![[clip.mp4]]\n\n![[data.csv]]\n\n![[Source#Part]]\n\n![[Other]]\n",
    );
    assert_eq!(build_warns(&site), "");
    let html = content(&site, "Page");
    assert!(html.contains(r#"src="../Attachments/pic.png" alt="pic" width="300" loading"#), "{html}");
    assert!(html.contains(r#"width="300" height="200""#), "{html}");
    assert!(html.contains(r#"alt="A caption""#), "{html}");
    assert!(html.contains(r#"<iframe class="embed-pdf" src="../Attachments/doc.pdf""#), "{html}");
    assert!(html.contains(r#"<audio class="embed-audio" src="../Attachments/talk.mp3" controls"#), "{html}");
    assert!(html.contains(r#"<video class="embed-video" src="../Attachments/clip.mp4""#), "{html}");
    assert!(html.contains(r#"<a class="embed-file" href="../Attachments/data.csv">data.csv</a>"#), "{html}");
    // The section, up to the next heading of its level, with links relative to this page.
    assert!(html.contains("<div class=\"embed embed-note\">\n<p class=\"embed-title\"><a href=\"../Source/#part\">Source › Part</a></p>\n<h2>Part</h2>"), "{html}");
    assert!(html.contains("Part text with <a href=\"../Other/\">Other</a>"), "{html}");
    assert!(!html.contains("Not embedded") && !html.contains("Intro of source"), "{html}");
    assert!(html.contains("<p class=\"embed-title\"><a href=\"../Other/\">Other</a></p>\n<p>Other.</p>"), "{html}");
    assert_eq!(html.matches("<p><div").count(), 0, "{html}");
}

#[test]
fn a_transclusion_cycle_is_reported_with_both_files() {
    let site = TempSite::new("vault-cycle");
    site.write("notes/Loop/First.md", "One.\n\n![[Second]]\n");
    site.write("notes/Loop/Second.md", "Two.\n\n![[First]]\n");
    let stderr = build_warns(&site);
    assert!(
        stderr.contains("transclusion cycle: notes/Loop/First.md embeds notes/Loop/Second.md, which embeds notes/Loop/First.md again"),
        "{stderr}"
    );
    assert!(stderr.contains("notes/Loop/First.md:3:1"), "{stderr}");
    let html = content(&site, "Loop/First");
    assert!(
        html.contains("<p>Two.</p>") && html.contains(r#"<a class="embed-cut" href="../../Loop/First/">First</a>"#),
        "{html}"
    );
}

#[test]
fn callouts_take_any_type_titles_and_folding() {
    let site = TempSite::new("vault-callouts");
    site.write(
        "notes/C.md",
        "> [!faq]- Why fold?\n> Because it is long.\n\n> [!Tip]+ Open one\n> Shown.\n\n> [!my-type] Custom\n> Body\n\n> [!NOTE]\n> Plain.\n\n> just a quote\n",
    );
    assert_eq!(build_warns(&site), "");
    let html = content(&site, "C");
    assert!(html.contains("<details class=\"callout callout-faq callout-foldable\" data-callout=\"faq\">\n<summary class=\"callout-title\">Why fold?</summary>\n<p>Because it is long.</p>\n</details>"), "{html}");
    assert!(
        html.contains("<details class=\"callout callout-tip callout-foldable\" data-callout=\"tip\" open>"),
        "{html}"
    );
    assert!(html.contains("<div class=\"callout callout-my-type\" role=\"note\" aria-label=\"Custom\">\n<p class=\"callout-title\">Custom</p>\n<p>Body</p>"), "{html}");
    assert!(html.contains("<p class=\"callout-title\">Note</p>\n<p>Plain.</p>"), "{html}");
    assert!(html.contains("<blockquote>\n<p>just a quote</p>"), "{html}");
}

#[test]
fn highlights_comments_tags_math_and_mail() {
    let site = TempSite::new("vault-syntax");
    site.write(
        "notes/S.md",
        "Some ==marked text== here. %%zanzibarsecret%% Visible.\n\n%%\nquokkahidden block\n%%\n\nTagged #study and #aws/storage. Not a tag: #42, C#.\n\nEuler: $e^{i\\pi} + 1 = 0$\n\n$$\n\\frac{a}{b}\n$$\n\nPrices: $5-$10 a month.\n\nWrite to <someone@example.com>.\n\n`%%kept in code%%`\n",
    );
    site.write("notes/T.md", "Plain note.\n");
    assert_eq!(build_warns(&site), "");
    let html = content(&site, "S");
    assert!(html.contains("Some <mark>marked text</mark> here."), "{html}");
    assert!(!html.contains("zanzibarsecret") && !html.contains("quokkahidden"), "{html}");
    assert!(html.contains("<code>%%kept in code%%</code>"), "{html}");
    assert!(html.contains(r##"<a href="../tags/#tag-study">#study</a>"##), "{html}");
    assert!(html.contains(r##"<a href="../tags/#tag-aws-storage">#aws/storage</a>"##), "{html}");
    assert!(html.contains("Not a tag: #42, C#."), "{html}");
    assert!(html.contains("<math display=\"inline\"><msup><mi>e</mi>"), "{html}");
    assert!(html.contains("<math display=\"block\"><mfrac>"), "{html}");
    assert!(html.contains("Prices: $5-$10 a month."), "prices are not math: {html}");
    assert!(html.contains(r#"<a href="mailto:someone@example.com">someone@example.com</a>"#), "{html}");
    let tags = site.read("public/tags/index.html");
    for id in ["tag-study", "tag-aws", "tag-aws-storage"] {
        assert!(tags.contains(&format!("id=\"{id}\"")), "{id} on the tags page: {tags}");
    }
    let search: String = std::fs::read_dir(site.root.join("public/search"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap_or_default())
        .collect();
    assert!(search.contains("visibl"), "the search index holds the note's words");
    assert!(!search.contains("zanzibar") && !search.contains("quokka"), "comments are not searchable");
}

#[test]
fn unresolved_links_are_errors_or_warnings_by_setting() {
    let site = TempSite::new("vault-unresolved");
    site.write("notes/N.md", "See [[Not written yet]] and ![[missing.png]].\n");
    let (ok, stderr) = build(&site);
    assert!(!ok);
    assert!(stderr.contains("broken link: no note is called `Not written yet`"), "{stderr}");
    assert!(stderr.contains("broken embed: no file is called `missing.png`"), "{stderr}");

    site.write("studysite.toml", "[links]\nunresolved = \"warn\"\n");
    let stderr = build_warns(&site);
    assert!(stderr.contains("warning: broken link: no note is called `Not written yet`"), "{stderr}");
    assert!(stderr.contains("2 warnings"), "{stderr}");
    let html = content(&site, "N");
    assert!(html.contains(r#"<span class="unresolved">Not written yet</span>"#), "{html}");

    site.write("studysite.toml", "[links]\nunresolved = \"maybe\"\n");
    let (ok, stderr) = build(&site);
    assert!(!ok && stderr.contains("unresolved"), "{stderr}");
}

#[test]
fn shared_titles_and_aliases_are_warnings_but_keyword_clashes_stay_errors() {
    let site = TempSite::new("vault-keys");
    site.write("notes/a/Index.md", "---\naliases: [Start here]\n---\nA.\n");
    site.write("notes/b/Index.md", "---\naliases: [Start here]\n---\nB.\n");
    site.write("notes/Reader.md", "Read Index first, then Start here. [[Start here]]\n");
    let stderr = build_warns(&site);
    assert!(stderr.contains("warning: `Start here` could mean `a/Index`, `b/Index`; using `a/Index`"), "{stderr}");
    assert!(stderr.contains("the name \"Index\" belongs to two notes: this one and notes/a/Index.md"), "{stderr}");
    assert!(stderr.contains("the name \"Start here\" belongs to two notes"), "{stderr}");
    let html = content(&site, "Reader");
    assert!(!html.contains("<a class=\"xref\""), "a shared name is not linked automatically: {html}");
    assert!(html.contains(r#"<a href="../a/Index/">Index</a>"#), "{html}");

    site.write("notes/a/Index.md", "+++\ntitle = \"A\"\nkeywords = [\"Hub\"]\n+++\nA.\n");
    site.write("notes/b/Index.md", "+++\ntitle = \"B\"\nkeywords = [\"Hub\"]\n+++\nB.\n");
    let (ok, stderr) = build(&site);
    assert!(!ok && stderr.contains("the key \"Hub\" is claimed by two notes"), "{stderr}");
}

#[test]
fn dot_folders_attachments_and_obsidian_properties() {
    let site = TempSite::new("vault-folders");
    site.write("notes/.obsidian/workspace.md", "not a note");
    site.write("notes/.trash/Old.md", "deleted");
    site.write("notes/Attachments/img.png", "png");
    site.write("notes/Topics/Note.md", "---\ntags: alpha, beta\ncssclasses: [wide-page]\n---\n![[img.png]]\n");
    site.write("notes/Topics/Hidden.md", "---\npublish: false\n---\nDraft.\n");
    let out = site.build_ok();
    assert!(out.contains("1 draft skipped"), "{out}");
    assert!(!site.exists("public/.obsidian") && !site.exists("public/.trash"));
    assert!(!site.exists("public/Topics/Hidden/index.html"));
    let page = site.read("public/Topics/Note/index.html");
    assert!(page.contains("<article class=\"note wide-page\">"), "cssclasses");
    assert!(page.contains("#alpha</a>") && page.contains("#beta</a>"), "tags as one string");
    assert!(!page.contains("Attachments</summary>") && !site.exists("public/Attachments/index.html"));
    site.write("notes/Topics/_index.md", "Topics intro.\n\n![[img.png|64]] ![[Note]]\n");
    site.build_ok();
    let intro = site.read("public/Topics/index.html");
    assert!(intro.contains(r#"<img class="embed-image" src="../Attachments/img.png" alt="img" width="64""#), "{intro}");
    assert!(intro.contains(r#"<p class="embed-title"><a href="../Topics/Note/">Note</a></p>"#), "{intro}");
}

#[test]
fn mermaid_is_loaded_only_where_a_diagram_is() {
    let site = TempSite::new("vault-mermaid");
    site.write("notes/Plain.md", "No diagram.\n");
    site.build_ok();
    assert!(!site.exists("public/static/vendor/mermaid.min.js"), "no diagram, no Mermaid in the output");
    site.write("notes/Flow.md", "```mermaid\ngraph TD; A-->B;\n```\n");
    site.build_ok();
    let flow = site.read("public/Flow/index.html");
    assert!(flow.contains("<pre class=\"mermaid\">graph TD; A--&gt;B;\n</pre>"), "{flow}");
    assert!(flow.contains("static/vendor/mermaid.min.js"));
    assert!(!site.read("public/Plain/index.html").contains("mermaid"));
    assert!(
        site.exists("public/static/vendor/mermaid.min.js") && site.exists("public/static/vendor/mermaid.LICENSE.txt")
    );
}
