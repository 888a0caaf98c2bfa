"""Contest rules in Markdown become HTML that can carry no script."""

from contest.core.markup import render_markdown


def test_markdown_is_rendered_and_raw_html_escaped():
    html = render_markdown("## Thể lệ\n\n**Không** dùng tài liệu.\n\n<script>alert(1)</script>")

    assert "<h2>Thể lệ</h2>" in html
    assert "<strong>Không</strong>" in html
    assert "<script>" not in html


def test_links_keep_only_web_and_mail_addresses():
    html = render_markdown("[Luật](https://luatvietnam.vn) [x](javascript:alert(1))")

    assert 'href="https://luatvietnam.vn"' in html
    assert 'rel="noopener noreferrer nofollow"' in html
    assert "<a" not in html.split("</a>", 1)[1]  # the script link stays plain text


def test_no_rules_render_as_nothing():
    assert render_markdown(None) == ""
