//! A Word document (`word/document.xml`) as paragraphs and tables, tables nested in cells
//! kept: all the portal's detail files and the decisions' appendices need.

use super::container;
use super::text::clean;
use super::{Expected, SourceError};
use quick_xml::Reader;
use quick_xml::events::Event;
use std::path::Path;

/// A paragraph or a table, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Para(Para),
    Table(Table),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Para {
    /// Cleaned text (NFC, spaces collapsed); line breaks inside the paragraph kept.
    pub text: String,
    /// Counted from 1 in reading order over the whole document, table cells included.
    pub number: usize,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cell {
    pub blocks: Vec<Block>,
    /// Columns spanned (`w:gridSpan`).
    pub span: usize,
}

impl Cell {
    /// The cell's paragraphs joined by line breaks (nested tables left out).
    pub fn text(&self) -> String {
        paragraphs_text(&self.blocks)
    }

    /// The number of the cell's first paragraph.
    pub fn number(&self) -> usize {
        first_number(&self.blocks).unwrap_or(0)
    }
}

/// The paragraphs of `blocks` joined by line breaks (tables left out).
pub fn paragraphs_text(blocks: &[Block]) -> String {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Para(p) if !p.text.is_empty() => Some(p.text.as_str()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The number of the first paragraph in `blocks`, tables included.
pub fn first_number(blocks: &[Block]) -> Option<usize> {
    blocks.iter().find_map(|b| match b {
        Block::Para(p) => Some(p.number),
        Block::Table(t) => t
            .rows
            .iter()
            .flatten()
            .find_map(|c| first_number(&c.blocks)),
    })
}

/// Every paragraph of `blocks`, depth first (for the legacy-encoding check).
pub fn all_paragraphs(blocks: &[Block]) -> Vec<&Para> {
    let mut out = Vec::new();
    fn walk<'a>(blocks: &'a [Block], out: &mut Vec<&'a Para>) {
        for b in blocks {
            match b {
                Block::Para(p) => out.push(p),
                Block::Table(t) => {
                    for c in t.rows.iter().flatten() {
                        walk(&c.blocks, out);
                    }
                }
            }
        }
    }
    walk(blocks, &mut out);
    out
}

/// Read the body of the Word document at `path` (bytes already read), as `expected` wants it.
pub fn read(path: &Path, bytes: &[u8], expected: Expected) -> Result<Vec<Block>, SourceError> {
    container::expect(path, bytes, expected)?;
    let xml = container::zip_part(path, bytes, "word/document.xml")?;
    let blocks = parse(&xml).map_err(|detail| SourceError::Damaged {
        file: path.to_owned(),
        detail,
    })?;
    // A document typed in TCVN3 or VNI fonts reads as garbage: refuse it, naming a paragraph.
    for p in all_paragraphs(&blocks) {
        if let Some(encoding) = super::text::legacy_encoding(&p.text) {
            return Err(SourceError::LegacyEncoding {
                file: path.to_owned(),
                encoding,
                place: super::Place::Paragraph {
                    paragraph: p.number,
                },
                sample: p.text.chars().take(60).collect(),
            });
        }
    }
    Ok(blocks)
}

/// Where blocks are being collected: the body or a cell.
enum Frame {
    Body(Vec<Block>),
    Table(Table),
    Row(Vec<Cell>),
    Cell(Cell),
}

/// Parse `word/document.xml`.
pub fn parse(xml: &str) -> Result<Vec<Block>, String> {
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<Frame> = vec![Frame::Body(Vec::new())];
    let mut para: Option<String> = None;
    let mut in_text = false;
    let mut number = 0usize;
    let push_block = |stack: &mut Vec<Frame>, b: Block| match stack.last_mut() {
        Some(Frame::Body(v)) => v.push(b),
        Some(Frame::Cell(c)) => c.blocks.push(b),
        // Content directly in a row or table (not valid WordprocessingML): kept in a cell.
        _ => {}
    };
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("word/document.xml: {e}"))?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                "tbl" => stack.push(Frame::Table(Table::default())),
                "tr" => stack.push(Frame::Row(Vec::new())),
                "tc" => stack.push(Frame::Cell(Cell {
                    blocks: Vec::new(),
                    span: 1,
                })),
                "p" => para = Some(String::new()),
                "t" => in_text = true,
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "tab" => {
                    if let Some(p) = para.as_mut() {
                        p.push(' ');
                    }
                }
                "br" | "cr" => {
                    if let Some(p) = para.as_mut() {
                        p.push('\n');
                    }
                }
                "gridSpan" => {
                    let span = e
                        .attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == "val")
                        .and_then(|a| a.value.trim().parse().ok());
                    if let (Some(span), Some(Frame::Cell(c))) = (span, stack.last_mut()) {
                        c.span = span;
                    }
                }
                "p" => {
                    number += 1;
                    push_block(
                        &mut stack,
                        Block::Para(Para {
                            text: String::new(),
                            number,
                        }),
                    );
                }
                _ => {}
            },
            Event::Text(t) if in_text => {
                if let Some(p) = para.as_mut() {
                    p.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if in_text => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    _ => quick_xml::escape::resolve_predefined_entity(&r).map(str::to_owned),
                };
                if let (Some(p), Some(s)) = (para.as_mut(), resolved) {
                    p.push_str(&s);
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "p" => {
                    number += 1;
                    let text = clean(&para.take().unwrap_or_default());
                    push_block(&mut stack, Block::Para(Para { text, number }));
                }
                "tc" => {
                    if let Some(Frame::Cell(c)) = stack.pop() {
                        if let Some(Frame::Row(r)) = stack.last_mut() {
                            r.push(c);
                        }
                    } else {
                        return Err("word/document.xml: </w:tc> out of place".into());
                    }
                }
                "tr" => {
                    if let Some(Frame::Row(r)) = stack.pop() {
                        if let Some(Frame::Table(t)) = stack.last_mut() {
                            t.rows.push(r);
                        }
                    } else {
                        return Err("word/document.xml: </w:tr> out of place".into());
                    }
                }
                "tbl" => {
                    if let Some(Frame::Table(t)) = stack.pop() {
                        push_block(&mut stack, Block::Table(t));
                    } else {
                        return Err("word/document.xml: </w:tbl> out of place".into());
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    match stack.pop() {
        Some(Frame::Body(blocks)) if stack.is_empty() => Ok(blocks),
        _ => Err("word/document.xml: a table is not closed".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_and_nested_tables() {
        let xml = r#"<?xml version="1.0"?><w:document xmlns:w="x"><w:body>
            <w:p><w:r><w:t>Mã thủ tục</w:t></w:r><w:r><w:t xml:space="preserve">: 1.001193</w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>A &amp; B</w:t></w:r></w:p></w:tc></w:tr>
            <w:tr><w:tc><w:p><w:r><w:t>x</w:t><w:br/><w:t>y</w:t></w:r></w:p>
              <w:tbl><w:tr><w:tc><w:p><w:r><w:t>inner</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>
            </w:body></w:document>"#;
        let blocks = parse(xml).unwrap();
        assert_eq!(blocks.len(), 2);
        let Block::Para(p) = &blocks[0] else { panic!() };
        assert_eq!(p.text, "Mã thủ tục: 1.001193");
        let Block::Table(t) = &blocks[1] else {
            panic!()
        };
        assert_eq!(t.rows[0][0].text(), "A & B");
        assert_eq!(t.rows[0][0].span, 2);
        assert_eq!(t.rows[1][0].text(), "x\ny");
        assert!(matches!(t.rows[1][0].blocks[1], Block::Table(_)));
        assert!(parse("<w:body><w:tbl><w:tr>").is_err());
    }
}
