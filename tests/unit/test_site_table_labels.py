"""Cells of record tables are named after their column, so phones can show rows as cards."""

from __future__ import annotations

from relief.site.table_labels import label_cells

WIDE = (
    '<table class="rl-table rl-needs"><thead><tr><th scope="col">需求</th>'
    '<th scope="col" colspan="2">已送达 / 需求</th><th scope="col">地点 &amp; 时间</th>'
    '<th scope="col"><span>状态</span></th></tr></thead>'
    '<tbody><tr><th scope="row">棉被</th><td>0</td><td>1,500</td><td>白柳镇</td>'
    '<td data-label="自定">待对接</td></tr>'
    '<tr><th scope="row">冬衣</th><td colspan="2">—</td><td>汤沟镇</td><td>部分认领</td></tr>'
    '</tbody><tfoot><tr><th scope="row">合计</th><td colspan="2">1,500</td><td></td><td></td>'
    '</tr></tfoot></table>'
)


def test_every_cell_gets_its_column_name_colspans_counted() -> None:
    html = label_cells(WIDE)
    assert '<th scope="row" data-label="需求">棉被</th>' in html
    assert '<td data-label="已送达 / 需求">0</td><td data-label="已送达 / 需求">1,500</td>' in html
    assert '<td data-label="地点 &amp; 时间">白柳镇</td>' in html  # escaped once, not twice
    assert '<td colspan="2" data-label="已送达 / 需求">—</td><td data-label="地点 &amp; 时间">' \
        '汤沟镇</td><td data-label="状态">部分认领</td>' in html
    assert '<td data-label="自定">待对接</td>' in html  # a label already there is kept
    assert '<th scope="row" data-label="需求">合计</th>' in html  # footer rows too
    assert html.startswith('<table class="rl-table rl-table--stack rl-needs">')
    assert html.count("data-label=") == 5 + 4 + 4  # body and footer cells; header cells not


def test_narrow_tables_stay_tables_and_other_markup_is_untouched() -> None:
    narrow = ('<p>x</p><table class="rl-table"><thead><tr><th scope="col">县区</th>'
              '<th scope="col">数量</th></tr></thead><tbody><tr><td>郊区</td><td>8</td></tr>'
              '</tbody></table><table><tbody><tr><td>prose</td></tr></tbody></table>')
    html = label_cells(narrow)
    assert 'class="rl-table rl-table--stack' not in html
    assert '<td data-label="县区">郊区</td><td data-label="数量">8</td>' in html
    assert "<table><tbody><tr><td>prose</td></tr></tbody></table>" in html  # not a record table
    assert label_cells("<p>无表格</p>") == "<p>无表格</p>"
