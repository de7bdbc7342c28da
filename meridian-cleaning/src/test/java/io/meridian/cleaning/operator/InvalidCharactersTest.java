package io.meridian.cleaning.operator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InvalidCharactersTest
{
    @Test
    void htmlBecomesThePlainTextOfAllNodes()
    {
        CleanHtmlMapper mapper = new CleanHtmlMapper();
        assertThat(mapper.apply("<article><p style=\"margin-top: 0px;\">第一段<b>加粗<i>斜体</i></b></p><div><span>嵌套</span></div></article>"))
                .isEqualTo("第一段加粗斜体嵌套");
        assertThat(mapper.apply("<ul><li>one</li><li>two</li></ul>")).isEqualTo("\n*one\n*two");
        assertThat(mapper.apply("<ol><li>a</li></ol>")).isEqualTo("\n*\n*a");
        assertThat(mapper.apply("Tom &amp; Jerry &lt;3 &#20013;&#x6587;&nbsp;!")).isEqualTo("Tom & Jerry <3 中文\u00a0!");
        assertThat(mapper.apply("<a title=\"x > y\" href='/'>link</a>")).isEqualTo("link");
    }

    @Test
    void leadingWhiteSpaceIsNotTextAsInAnHtmlParser()
    {
        CleanHtmlMapper mapper = new CleanHtmlMapper();
        assertThat(mapper.apply(" \n plain 文本 ")).isEqualTo("plain 文本 ");
        assertThat(mapper.apply("  <p>  kept</p>")).isEqualTo("  kept");
        assertThat(mapper.apply("\u3000全角空格不是")).isEqualTo("\u3000全角空格不是");
    }

    @Test
    void htmlDropsScriptsStylesAndComments()
    {
        assertThat(new CleanHtmlMapper().apply("<!DOCTYPE html><style>p{color:red}</style><!-- note -->正文<script>if (a < b) {}</script>结束"))
                .isEqualTo("正文结束");
    }

    @Test
    void aLessThanSignThatStartsNoTagIsText()
    {
        CleanHtmlMapper mapper = new CleanHtmlMapper();
        assertThat(mapper.apply("if a < b and c<3")).isSameAs("if a < b and c<3");
        assertThat(mapper.apply("unfinished <b class=\"x")).isEqualTo("unfinished ");
    }

    @Test
    void linksAreRemovedAsDataJuicerDoes()
    {
        CleanLinksMapper mapper = new CleanLinksMapper();
        assertThat(mapper.apply("see http://example.com/a?b=c. next")).isEqualTo("see . next");
        assertThat(mapper.apply("ftp://files.example.org/pub/x.tar.gz and https://x.y")).isEqualTo(" and ");
        assertThat(mapper.apply("go to www.example.com, now")).isEqualTo("go to , now");
        assertThat(mapper.apply("host example.com/path ok")).isEqualTo("host  ok");
        assertThat(mapper.apply("wiki (https://en.wikipedia.org/wiki/Foo_(bar)) end")).isEqualTo("wiki () end");
        // the pattern's quirk, kept: any word, a colon and a letter is a scheme
        assertThat(mapper.apply("Note:see this")).isEqualTo(" this");
        assertThat(mapper.apply("plain text, no link: example . com")).isSameAs("plain text, no link: example . com");
    }

    @Test
    void chineseTextEndsALink()
    {
        CleanLinksMapper mapper = new CleanLinksMapper();
        assertThat(mapper.apply("访问https://a.cn/x?y=1，然后注册")).isEqualTo("访问，然后注册");
        assertThat(mapper.apply("链接：http://example.com/页面")).isEqualTo("链接：页面");
        assertThat(mapper.apply("全角ｈｔｔｐ：／／ａ．ｃｎ不是链接")).isSameAs("全角ｈｔｔｐ：／／ａ．ｃｎ不是链接");
    }

    @Test
    void ipAddressesAreRemovedAsDataJuicerDoes()
    {
        CleanIpMapper mapper = new CleanIpMapper();
        assertThat(mapper.apply("test of ip 234.128.124.123")).isEqualTo("test of ip ");
        assertThat(mapper.apply("ftp://example.com/188.46.244.216my-page.html")).isEqualTo("ftp://example.com/my-page.html");
        assertThat(mapper.apply("ft174.1421.237.246my")).isEqualTo("ft174.1421.237.246my");
        assertThat(mapper.apply("1.2.3.256")).isEqualTo("6");
        assertThat(mapper.apply("dd41:cbaf:d1b4:10a0:b215:72e3:6eaf:3ecb")).isEqualTo("");
        assertThat(mapper.apply("com/f770:c52e:ddce:3a9f:8c3b:a7bd:d81f:985cmy-page.html")).isEqualTo("com/my-page.html");
        assertThat(mapper.apply("ft1926:43a1:fcb5:ees06:ae63:a2a4:c656:d014my")).isEqualTo("ft1926:43a1:fcb5:ees06:ae63:a2a4:c656:d014my");
        assertThat(new CleanIpMapper("<IP>").apply("服务器地址是192.168.1.1，端口8080")).isEqualTo("服务器地址是<IP>，端口8080");
    }

    @Test
    void compressedIpv6IsRemovedButCppScopesStay()
    {
        CleanIpMapper mapper = new CleanIpMapper();
        assertThat(mapper.apply("地址 2001:db8::1 和 ::1 以及 fe80::1%eth0")).isEqualTo("地址  和  以及 %eth0");
        assertThat(mapper.apply("std::vector<int> a; Add::ed; cafe::bad")).isSameAs("std::vector<int> a; Add::ed; cafe::bad");
        assertThat(mapper.apply("time 12:30 ratio 3:4")).isSameAs("time 12:30 ratio 3:4");
    }

    @Test
    void copyrightBlockCommentsAreRemoved()
    {
        CleanCopyrightMapper mapper = new CleanCopyrightMapper();
        assertThat(mapper.apply("/* Copyright 2024 ACME */\nint main() {}")).isEqualTo("\nint main() {}");
        assertThat(mapper.apply("/* helper */\nint x; /* copyright later */")).as("only the first block is looked at")
                .isEqualTo("/* helper */\nint x; /* copyright later */");
        assertThat(mapper.apply("// Copyright (c) 2024 ACME\n// All rights reserved\n\nimport os")).isEqualTo("import os");
        assertThat(mapper.apply("# 版权所有 Copyright 某公司\nprint(1)")).isEqualTo("print(1)");
    }

    @Test
    void leadingCommentsWithoutTheWordCopyrightStayUnlikeDataJuicer()
    {
        String script = "#!/usr/bin/env python\n# a tool\nprint(1)";
        assertThat(new CleanCopyrightMapper().apply(script)).isSameAs(script);
    }

    @Test
    void texBibliographyIsCutOff()
    {
        RemoveBibliographyMapper mapper = new RemoveBibliographyMapper();
        assertThat(mapper.apply("正文 text\n\\bibliography{refs}\n更多")).isEqualTo("正文 text\n");
        assertThat(mapper.apply("a\\begin{thebibliography}{9}\\bibitem x")).isEqualTo("a");
        assertThat(mapper.apply("intro \\appendix proofs")).isEqualTo("intro ");
        assertThat(mapper.apply("\\bibliography{ unclosed")).isEqualTo("\\bibliography{ unclosed");
    }

    @Test
    void texCommentsAreRemovedAsDataJuicerDoes()
    {
        RemoveCommentsMapper mapper = new RemoveCommentsMapper();
        assertThat(mapper.apply("% header\n\\section{A} % note\ntext 50\\% off\n%only\nend"))
                .isEqualTo("\\section{A}\ntext 50\\% off\nend");
        assertThat(new RemoveCommentsMapper(false, true).apply("%a\nb % c\n")).isEqualTo("b % c\n");
        assertThat(new RemoveCommentsMapper(true, false).apply("%a\nb % c\n")).isEqualTo("%a\nb\n");
    }

    @Test
    void lengthFilterCountsCodePointsAndSkipsEmptyFields()
    {
        TextLengthFilter filter = new TextLengthFilter(3, 5);
        assertThat(filter.keep("中文字")).isTrue();
        assertThat(filter.keep("ab")).isFalse();
        assertThat(filter.keep("\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00")).as("three emoji are three characters").isTrue();
        assertThat(filter.keep("123456")).isFalse();
        assertThat(filter.keep("")).isTrue();
    }
}
