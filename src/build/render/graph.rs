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

pub struct Graph {
    pub svg: String,
    pub legend: Vec<(String, String, usize)>,
    pub nodes: usize,
    pub edges: usize,
}

pub fn build(site: &Site, root: &str) -> Graph {
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

    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"graph\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"group\" aria-label=\"Knowledge graph: {n} notes and {} links\" xmlns=\"http://www.w3.org/2000/svg\">\n<g class=\"edges\">",
        edges.len()
    );
    for &(a, b) in &edges {
        let _ = write!(
            svg,
            "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\"/>",
            pos[a].0, pos[a].1, pos[b].0, pos[b].1
        );
    }
    svg.push_str("</g>\n<g class=\"nodes\">\n");
    let labels = n <= 150;
    for (i, note) in site.notes.iter().enumerate() {
        let r = (4.0 + (degree[i] as f64).sqrt() * 1.6).min(14.0);
        let colour = PALETTE[cat_of[i] % PALETTE.len()];
        let title = escape_html(note.title());
        let _ = write!(
            svg,
            "<a href=\"{}{}\" aria-label=\"{title}\"><title>{title}</title><circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"{r:.1}\" fill=\"{colour}\"/>",
            escape_html(root),
            escape_html(&note.url),
            pos[i].0,
            pos[i].1
        );
        if labels {
            let _ = write!(svg, "<text x=\"{:.1}\" y=\"{:.1}\">{title}</text>", pos[i].0 + r + 3.0, pos[i].1 + 4.0);
        }
        svg.push_str("</a>\n");
    }
    svg.push_str("</g>\n</svg>\n");
    let legend = site
        .categories
        .iter()
        .enumerate()
        .map(|(ci, c)| (c.title.clone(), PALETTE[ci % PALETTE.len()].to_string(), c.notes.len()))
        .collect();
    Graph { svg, legend, nodes: n, edges: edges.len() }
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
    let (mx, my) = (30.0, 30.0);
    let sx = (WIDTH - 2.0 * mx - 140.0) / (maxx - minx).max(1.0);
    let sy = (HEIGHT - 2.0 * my) / (maxy - miny).max(1.0);
    let s = sx.min(sy);
    for p in pos.iter_mut() {
        p.0 = mx + (p.0 - minx) * s;
        p.1 = my + (p.1 - miny) * s;
    }
}
