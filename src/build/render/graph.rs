//! The knowledge graph page: notes as nodes coloured by category, links as edges, laid
//! out at build time and written as static SVG (no script needed, same bytes every build).

use std::fmt::Write as _;

use crate::build::site::Site;
use crate::html::escape_html;

/// Category colours, readable on light and dark backgrounds.
const PALETTE: &[&str] =
    &["#2f81f7", "#d1242f", "#1a7f37", "#bf8700", "#8250df", "#cf5f00", "#0e8a8a", "#bf3989", "#6e7781", "#4d6b00"];
const WIDTH: f64 = 1200.0;
const HEIGHT: f64 = 900.0;
/// Above this many notes the force simulation (quadratic per step) is skipped.
const FORCE_LIMIT: usize = 400;
/// Above this many notes labels are left out (titles still show on hover and in the list).
const LABEL_LIMIT: usize = 150;
/// Above this many links, lines and per-note link lists are left out: at 10,000 notes
/// and 240,000 links they made a 51 MB page no browser opens; the dots still show the
/// categories and every note's page lists its own links.
const EDGE_LIMIT: usize = 5_000;
/// Label size in view-box units: about 12 px when the graph is 900 px wide.
const FONT: f64 = 16.0;

pub struct Graph<'a> {
    pub svg: String,
    /// Each note with the notes it links to or is linked from, for the list under the graph.
    pub list: Vec<ListEntry<'a>>,
    pub legend: Vec<(String, String, usize)>,
    pub nodes: usize,
    pub edges: usize,
    /// Whether lines and per-note link lists are drawn (see [`EDGE_LIMIT`]).
    pub edges_drawn: bool,
}

// Longer than most on purpose: layout, label placement and the SVG are one pass over
// positions that the three steps share.
pub fn build<'a>(site: &'a Site, root: &str) -> Graph<'a> {
    let n = site.notes.len();
    let cat_of: Vec<usize> = site
        .notes
        .iter()
        .map(|note| site.categories.iter().position(|c| c.slug == note.source.category).unwrap_or(0))
        .collect();
    // Undirected edges, each once.
    let mut edges: Vec<(usize, usize)> = Vec::new();
    for (i, note) in site.notes.iter().enumerate() {
        for &j in &note.outgoing {
            if i != j {
                edges.push((i.min(j), i.max(j)));
            }
        }
    }
    edges.sort_unstable();
    edges.dedup();
    let mut degree = vec![0usize; n];
    for &(a, b) in &edges {
        degree[a] += 1;
        degree[b] += 1;
    }

    // Start: categories around a circle, each category's notes in a sunflower around its centre.
    let cats = site.categories.len().max(1);
    let (cx, cy) = (WIDTH / 2.0, HEIGHT / 2.0);
    let ring = if cats == 1 { 0.0 } else { HEIGHT * 0.32 };
    let mut pos = vec![(0.0f64, 0.0f64); n];
    for (ci, c) in site.categories.iter().enumerate() {
        let angle = std::f64::consts::TAU * ci as f64 / cats as f64 - std::f64::consts::FRAC_PI_2;
        let (ox, oy) = (cx + ring * angle.cos(), cy + ring * angle.sin());
        for (k, &i) in c.notes.iter().enumerate() {
            let r = 18.0 * ((k as f64) + 0.5).sqrt();
            let a = k as f64 * 2.399_963_229_728_653; // golden angle
            pos[i] = (ox + r * a.cos(), oy + r * a.sin());
        }
    }
    if n > 1 && n <= FORCE_LIMIT {
        relax(&mut pos, &edges, &cat_of, site.categories.len());
        spread(&mut pos);
    }
    fit(&mut pos);

    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in &edges {
        neighbours[a].push(b);
        neighbours[b].push(a);
    }
    let radius: Vec<f64> = degree.iter().map(|&d| (5.0 + (d as f64).sqrt() * 1.8).min(15.0)).collect();
    let labels = if n <= LABEL_LIMIT { place_labels(site, &pos, &radius, &degree) } else { vec![None; n] };
    let edges_drawn = edges.len() <= EDGE_LIMIT;

    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"graph\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"group\" aria-label=\"Knowledge graph: {n} notes and {} links\" xmlns=\"http://www.w3.org/2000/svg\">\n<g class=\"graph-view\">\n<g class=\"edges\">",
        edges.len()
    );
    for &(a, b) in edges.iter().filter(|_| edges_drawn) {
        let _ = write!(
            svg,
            "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" data-a=\"{a}\" data-b=\"{b}\"/>",
            pos[a].0, pos[a].1, pos[b].0, pos[b].1
        );
    }
    svg.push_str("</g>\n<g class=\"nodes\">\n");
    for (i, note) in site.notes.iter().enumerate() {
        let colour = PALETTE[cat_of[i] % PALETTE.len()];
        let title = escape_html(note.title());
        let links: Vec<String> =
            if edges_drawn { neighbours[i].iter().map(usize::to_string).collect() } else { Vec::new() };
        let _ = write!(
            svg,
            "<a href=\"{}{}\" aria-label=\"{title}\" class=\"node\" data-node=\"{i}\" data-links=\"{}\"><title>{title}</title><circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"{:.1}\" fill=\"{colour}\"/>",
            escape_html(root),
            escape_html(&note.url),
            links.join(" "),
            pos[i].0,
            pos[i].1,
            radius[i]
        );
        if let Some(l) = &labels[i] {
            let _ = write!(
                svg,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"{}\" font-size=\"{FONT}\">{}</text>",
                l.x,
                l.y,
                l.anchor,
                escape_html(&l.text)
            );
        }
        svg.push_str("</a>\n");
    }
    svg.push_str("</g>\n</g>\n</svg>\n");
    let legend = site
        .categories
        .iter()
        .enumerate()
        .map(|(ci, c)| (c.title.clone(), PALETTE[ci % PALETTE.len()].to_string(), c.notes.len()))
        .collect();
    // Each note's `[title, url]` is made once and shared by every list that names it
    // (a reference count each): a big site's list names hundreds of thousands of links.
    let pairs: Vec<tera::Value> =
        site.notes.iter().map(|note| tera::Value::from_serializable(&(note.title(), &note.url))).collect();
    let list = site
        .notes
        .iter()
        .enumerate()
        .map(|(i, note)| ListEntry {
            title: note.title(),
            url: &note.url,
            colour: PALETTE[cat_of[i] % PALETTE.len()],
            links: neighbours[i].iter().filter(|_| edges_drawn).map(|&j| pairs[j].clone()).collect(),
        })
        .collect();
    Graph { svg, list, legend, nodes: n, edges: edges.len(), edges_drawn }
}

#[derive(serde::Serialize)]
pub struct ListEntry<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub colour: &'static str,
    /// The linked notes, each `[title, url]`.
    pub links: Vec<tera::Value>,
}

#[derive(Clone)]
struct Label {
    text: String,
    x: f64,
    y: f64,
    anchor: &'static str,
}

/// A label's box, estimated from its characters (wide capitals, narrow spaces), with a
/// margin: the browser test measures the real boxes and finds them inside these.
pub fn text_width(text: &str, font: f64) -> f64 {
    let units: f64 = text
        .chars()
        .map(|c| match c {
            ' ' => 0.32,
            'i' | 'l' | 'j' | 'I' | '.' | ',' | '\'' | '(' | ')' | 'f' | 't' | 'r' => 0.4,
            'm' | 'w' | 'M' | 'W' => 0.92,
            c if c.is_uppercase() || c.is_ascii_digit() => 0.7,
            _ => 0.58,
        })
        .sum();
    units * font + 4.0
}

/// Shorter labels: "Amazon Kinesis Data Streams" shows as "Kinesis Data Streams" (the
/// full title is in the tooltip and the list).
fn short_title(title: &str) -> String {
    let t = title.trim();
    for prefix in ["Amazon ", "AWS "] {
        if let Some(rest) = t.strip_prefix(prefix) {
            if rest.len() > 2 {
                return rest.to_string();
            }
        }
    }
    t.to_string()
}

type Rect = (f64, f64, f64, f64);

fn overlaps(a: &Rect, b: &Rect) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Places each label beside its dot where it covers no other label and no other dot,
/// trying right, left, above and below at growing distances; busiest notes first. A
/// label with no free place is left out (its title shows on hover and in the list).
fn place_labels(site: &Site, pos: &[(f64, f64)], radius: &[f64], degree: &[usize]) -> Vec<Option<Label>> {
    let n = pos.len();
    let dots: Vec<Rect> = (0..n)
        .map(|i| (pos[i].0 - radius[i], pos[i].1 - radius[i], pos[i].0 + radius[i], pos[i].1 + radius[i]))
        .collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(degree[i]), i));
    let mut placed: Vec<Rect> = Vec::new();
    let mut labels = vec![None; n];
    let h = FONT * 1.25;
    for i in order {
        let text = short_title(site.notes[i].title());
        let w = text_width(&text, FONT);
        let (x, y, r) = (pos[i].0, pos[i].1, radius[i]);
        let mut found = None;
        'search: for step in 0..8 {
            let d = 3.0 + step as f64 * 5.0;
            // (left, top, anchor, text x, baseline y)
            let candidates = [
                (x + r + d, y - h / 2.0, "start"),
                (x - r - d - w, y - h / 2.0, "end"),
                (x - w / 2.0, y - r - d - h, "middle"),
                (x - w / 2.0, y + r + d, "middle"),
                (x + r + d, y - r - d - h * 0.6, "start"),
                (x - r - d - w, y + r + d - h * 0.4, "end"),
                (x + r + d, y + r + d - h * 0.4, "start"),
                (x - r - d - w, y - r - d - h * 0.6, "end"),
            ];
            for (left, top, anchor) in candidates {
                let rect = (left, top, left + w, top + h);
                let inside = left >= 2.0 && top >= 2.0 && rect.2 <= WIDTH - 2.0 && rect.3 <= HEIGHT - 2.0;
                if inside
                    && !placed.iter().any(|p| overlaps(p, &rect))
                    && !dots.iter().enumerate().any(|(j, dot)| j != i && overlaps(dot, &rect))
                {
                    found = Some((rect, anchor));
                    break 'search;
                }
            }
        }
        if let Some((rect, anchor)) = found {
            placed.push(rect);
            let tx = match anchor {
                "start" => rect.0 + 2.0,
                "end" => rect.2 - 2.0,
                _ => (rect.0 + rect.2) / 2.0,
            };
            // Baseline about a quarter of the line height above the box's bottom.
            labels[i] = Some(Label { text, x: tx, y: rect.3 - h * 0.27, anchor });
        }
    }
    labels
}

/// Fruchterman–Reingold with a pull towards each category's centre; fixed step count and
/// fixed start, so the layout is the same on every build.
fn relax(pos: &mut [(f64, f64)], edges: &[(usize, usize)], cat_of: &[usize], cats: usize) {
    let n = pos.len();
    let k = ((WIDTH * HEIGHT) / n as f64).sqrt() * 0.95;
    let mut temperature = WIDTH / 10.0;
    let mut disp = vec![(0.0f64, 0.0f64); n];
    for _ in 0..220 {
        disp.iter_mut().for_each(|d| *d = (0.0, 0.0));
        for i in 0..n {
            for j in (i + 1)..n {
                let (dx, dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
                let dist = (dx * dx + dy * dy).sqrt().max(0.5);
                let f = 2.5 * k * k / dist;
                disp[i].0 += dx / dist * f;
                disp[i].1 += dy / dist * f;
                disp[j].0 -= dx / dist * f;
                disp[j].1 -= dy / dist * f;
            }
        }
        for &(a, b) in edges {
            let (dx, dy) = (pos[a].0 - pos[b].0, pos[a].1 - pos[b].1);
            let dist = (dx * dx + dy * dy).sqrt().max(0.5);
            let f = dist * dist / (4.0 * k);
            disp[a].0 -= dx / dist * f;
            disp[a].1 -= dy / dist * f;
            disp[b].0 += dx / dist * f;
            disp[b].1 += dy / dist * f;
        }
        // Keep categories together: pull every node towards its category's mean.
        let mut centre = vec![(0.0, 0.0, 0usize); cats.max(1)];
        for i in 0..n {
            let c = &mut centre[cat_of[i]];
            c.0 += pos[i].0;
            c.1 += pos[i].1;
            c.2 += 1;
        }
        for i in 0..n {
            let c = centre[cat_of[i]];
            let (mx, my) = (c.0 / c.2 as f64, c.1 / c.2 as f64);
            disp[i].0 += (mx - pos[i].0) * 0.25;
            disp[i].1 += (my - pos[i].1) * 0.25;
            disp[i].0 += (WIDTH / 2.0 - pos[i].0) * 0.02;
            disp[i].1 += (HEIGHT / 2.0 - pos[i].1) * 0.02;
        }
        for i in 0..n {
            let len = (disp[i].0 * disp[i].0 + disp[i].1 * disp[i].1).sqrt();
            if len > 0.0 {
                let step = len.min(temperature);
                pos[i].0 += disp[i].0 / len * step;
                pos[i].1 += disp[i].1 / len * step;
            }
        }
        temperature = (temperature * 0.97).max(1.0);
    }
}

/// Hubs pull the layout into a dense centre; a radial power law spreads it out
/// (distances from the centre r → R·(r/R)^0.6), keeping every node's direction.
fn spread(pos: &mut [(f64, f64)]) {
    let n = pos.len() as f64;
    let (cx, cy) = pos.iter().fold((0.0, 0.0), |(x, y), p| (x + p.0 / n, y + p.1 / n));
    let max = pos.iter().map(|p| ((p.0 - cx).powi(2) + (p.1 - cy).powi(2)).sqrt()).fold(0.0, f64::max);
    if max <= 0.0 {
        return;
    }
    for p in pos.iter_mut() {
        let (dx, dy) = (p.0 - cx, p.1 - cy);
        let r = (dx * dx + dy * dy).sqrt();
        if r > 0.0 {
            let scale = max * (r / max).powf(0.6) / r;
            *p = (cx + dx * scale, cy + dy * scale);
        }
    }
}

/// Scales positions into the view box, leaving room for labels on the right.
fn fit(pos: &mut [(f64, f64)]) {
    if pos.is_empty() {
        return;
    }
    let (mut minx, mut miny, mut maxx, mut maxy) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(x, y) in pos.iter() {
        minx = minx.min(x);
        miny = miny.min(y);
        maxx = maxx.max(x);
        maxy = maxy.max(y);
    }
    let (mx, my) = (40.0, 40.0);
    let sx = (WIDTH - 2.0 * mx) / (maxx - minx).max(1.0);
    let sy = (HEIGHT - 2.0 * my) / (maxy - miny).max(1.0);
    // Stretched a little wider than tall to use the frame (labels run sideways).
    let (sx, sy) = (sx.min(sy * 1.5), sy.min(sx));
    // Centred in the frame.
    let (ox, oy) = ((WIDTH - 2.0 * mx - (maxx - minx) * sx) / 2.0, (HEIGHT - 2.0 * my - (maxy - miny) * sy) / 2.0);
    for p in pos.iter_mut() {
        p.0 = mx + ox + (p.0 - minx) * sx;
        p.1 = my + oy + (p.1 - miny) * sy;
    }
}
