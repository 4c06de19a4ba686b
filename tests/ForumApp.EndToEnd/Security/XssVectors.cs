using System.Globalization;
using System.Text;

namespace ForumApp.EndToEnd.Security;

/// <summary>
/// Stored-XSS vectors of the OWASP filter-evasion kind (script tags, event handlers, javascript:/data:/vbscript:
/// links in every spelling, entity and whitespace tricks, SVG and MathML, mutation XSS) and Markdown's own ways in (link
/// targets and titles, reference definitions, images, autolinks). Each vector, should it ever run, calls
/// <c>xssHit(N)</c> (a function the test exposes to the page) or requests <c>/xss-beacon/N</c>, so an execution is
/// seen and attributed.
/// </summary>
public static class XssVectors
{
    private static readonly string[] s_templates =
    [
        // Script tags and their evasions.
        "<script>{JS}</script>",
        "<SCRIPT SRC=/xss-beacon/{N}.js></SCRIPT>",
        "<SCRIPT/XSS SRC=\"/xss-beacon/{N}.js\"></SCRIPT>",
        "<SCRIPT/SRC=\"/xss-beacon/{N}.js\"></SCRIPT>",
        "<<SCRIPT>{JS};//<</SCRIPT>",
        "<SCRIPT SRC=/xss-beacon/{N}.js?< B >",
        "<IMG \"\"\"><SCRIPT>{JS}</SCRIPT>\">",
        "</TITLE><SCRIPT>{JS};</SCRIPT>",
        "\"><script>{JS}</script>",
        "<scr<script>ipt>{JS}</scr</script>ipt>",
        "<svg><script>{JS}</script></svg>",
        "<!--<img src=\"--><img src=x onerror={JS}//\">",
        // Image and element URLs.
        "<IMG SRC=\"javascript:{JS};\">",
        "<IMG SRC=javascript:{JS}>",
        "<IMG SRC=JaVaScRiPt:{JS}>",
        "<IMG SRC=`javascript:{JS}`>",
        "<IMG SRC={ENTDEC}>",
        "<IMG SRC={ENTPAD}>",
        "<IMG SRC={ENTHEX}>",
        "<IMG SRC=\"jav\tascript:{JS};\">",
        "<IMG SRC=\"jav&#x09;ascript:{JS};\">",
        "<IMG SRC=\"jav&#x0A;ascript:{JS};\">",
        "<IMG SRC=\"jav&#x0D;ascript:{JS};\">",
        "<IMG SRC=\" &#14;  javascript:{JS};\">",
        "<IMG SRC=\"`<javascript:{JS}>`\">",
        "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:{JS};\">",
        "<BODY BACKGROUND=\"javascript:{JS}\">",
        "<IMG DYNSRC=\"javascript:{JS}\">",
        "<IMG LOWSRC=\"javascript:{JS}\">",
        "<img src=\"vbscript:{JS}\">",
        "<TABLE BACKGROUND=\"javascript:{JS}\">",
        "<BR SIZE=\"&{{JS}}\">",
        "<LINK REL=\"stylesheet\" HREF=\"javascript:{JS};\">",
        "<IFRAME SRC=\"javascript:{JS};\"></IFRAME>",
        "<FRAMESET><FRAME SRC=\"javascript:{JS};\"></FRAMESET>",
        "<object data=\"javascript:{JS}\"></object>",
        "<EMBED SRC=\"data:text/html;base64,{B64}\"></EMBED>",
        "<base href=\"javascript:{JS}//\">",
        "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:{JS};\">",
        "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=data:text/html;base64,{B64}\">",
        "<form><button formaction=javascript:{JS}>X</button></form>",
        "<isindex type=image src=1 onerror={JS}>",
        // Event handlers.
        "<a onmouseover=\"{JS}\">xxs link</a>",
        "<IMG SRC=# onmouseover=\"{JS}\">",
        "<IMG SRC= onmouseover=\"{JS}\">",
        "<IMG onmouseover=\"{JS}\">",
        "<IMG SRC=/ onerror=\"{JS}\"></img>",
        "<img src=x onerror=\"{JSENT}\">",
        "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`={JS}>",
        "<svg/onload={JS}>",
        "<svg><animate onbegin={JS} attributeName=x dur=1s>",
        "<svg><a xlink:href=\"javascript:{JS}\"><text x=\"20\" y=\"20\">XSS</text></a></svg>",
        "<details open ontoggle={JS}>",
        "<body onload={JS}>",
        "<marquee onstart={JS}>x</marquee>",
        "<video><source onerror=\"{JS}\"></video>",
        "<audio src=x onerror={JS}>",
        "<input autofocus onfocus={JS}>",
        "<select autofocus onfocus={JS}></select>",
        "<textarea autofocus onfocus={JS}></textarea>",
        "<keygen autofocus onfocus={JS}>",
        "<IFRAME SRC=# onmouseover=\"{JS}\"></IFRAME>",
        "<style onload={JS}></style>",
        "<x onclick={JS}>click",
        "'><img src=x onerror={JS}>",
        "<img src=x onerror=eval(atob('{B64JS}'))>",
        "<img src=x onerror=\\u0078ssHit({N})>",
        "<img src=x onerror=top['xss'+'Hit']({N})>",
        "<img src=x onerror=xssHit`{N}`>",
        // CSS.
        "<STYLE>li {list-style-image: url(\"javascript:{JS}\");}</STYLE><UL><LI>XSS</br>",
        "<STYLE>@import'javascript:{JS}';</STYLE>",
        "<DIV STYLE=\"background-image: url(javascript:{JS})\">",
        "<DIV STYLE=\"width: expression({JS});\">",
        // Mutation XSS.
        "<math><mtext><table><mglyph><style><img src=x onerror={JS}>",
        "<noscript><p title=\"</noscript><img src=x onerror={JS}>\">",
        "<svg></p><style><a id=\"</style><img src=1 onerror={JS}>\">",
        // Links in HTML.
        "<a href=\"&#106;avascript:{JS}\">x</a>",
        "<a href=\"javas&#99;ript:{JS}\">x</a>",
        "<a href=\" javascript:{JS}\">x</a>",
        "<a href=\"javascript&colon;{JS}\">x</a>",
        // Markdown links.
        "[x](javascript:{JS})",
        "[x](JaVaScRiPt:{JS})",
        "[x](javascript&#58;{JS})",
        "[x](&#x6A;avascript:{JS})",
        "[x](  javascript:{JS})",
        "[x](javascript://%0a{JS})",
        "[x](vbscript:{JS})",
        "[x](data:text/html;base64,{B64})",
        "[x](data:text/html,<script>{JS}</script>)",
        "[x](<javascript:{JS}>)",
        "[x](javascript\\:{JS})",
        "[x](javascript&colon;{JS})",
        "[x]({ENTDEC})",
        "[x](java\nscript:{JS})",
        "[<img src=x onerror={JS}>](https://x.example/)",
        "[x](https://x.example/#\" onclick=\"{JS})",
        // Markdown link titles and reference definitions.
        "[x](https://x.example/ \"title\\\" onmouseover=\\\"{JS}\")",
        "[x](https://x.example/ 'a\" onmouseover=\"{JS}')",
        "[x](https://x.example/ (a\" onmouseover=\"{JS}))",
        "[x][r{N}]\n\n[r{N}]: javascript:{JS}",
        "[x][s{N}]\n\n[s{N}]: https://x.example/ \"\\\" onmouseover=\\\"{JS}\"",
        "[x][t{N}]\n\n[t{N}]: <javascript:{JS}>",
        // Markdown images.
        "![x](javascript:{JS})",
        "![x\" onerror=\"{JS}](https://x.example/a.png)",
        "![x](https://x.example/a.png\" onerror=\"{JS})",
        "![x](https://x.example/a.png \"\\\" onerror=\\\"{JS}\")",
        // Autolinks.
        "<javascript:{JS}>",
        "<JAVASCRIPT:{JS}>",
        "<data:text/html,<script>{JS}</script>>",
        "<vbscript:{JS}>",
        "www.x.example/\"onmouseover=\"{JS}\"",
        "https://x.example/\"><img src=x onerror={JS}>",
        // Markdown containers around HTML.
        "**<img src=x onerror={JS}>**",
        "`<img src=x onerror={JS}>`",
        "| a |\n|---|\n| <img src=x onerror={JS}> |",
        "> <img src=x onerror={JS}>",
        "- <svg/onload={JS}>",
        // Entities that decode to markup.
        "&lt;img src=x onerror={JS}&gt;",
        "&#60;img src=x onerror={JS}&#62;",
        "&#x3C;script&#x3E;{JS}&#x3C;/script&#x3E;",
    ];

    /// <summary>
    /// Every vector, numbered from 1, followed by a paragraph naming it ("(벡터 N)"), so a test can see that a page really
    /// showed it (as text).
    /// </summary>
    public static IReadOnlyList<(int Id, string Text)> All { get; } =
        [.. s_templates.Select((template, i) => (i + 1, Fill(template, i + 1) + "\n\n" + Marker(i + 1)))];

    /// <summary>The visible name of vector <paramref name="id"/>.</summary>
    public static string Marker(int id) => $"(벡터 {id.ToString(CultureInfo.InvariantCulture)})";

    /// <summary>Vectors short enough to be a display name (50 characters), numbered from 9001.</summary>
    public static IReadOnlyList<(int Id, string Text)> DisplayNames { get; } =
    [
        (9001, "<img src=x onerror=xssHit(9001)>"),
        (9002, "<svg/onload=xssHit(9002)>"),
        (9003, "\"><script>xssHit(9003)</script>"),
        (9004, "<a href=javascript:xssHit(9004)>모</a>"),
    ];

    private static string Fill(string template, int id)
    {
        var js = $"xssHit({id.ToString(CultureInfo.InvariantCulture)})";
        var javascriptUrl = "javascript:" + js;
        return template
            .Replace("{JSENT}", string.Concat(js.Select(c => $"&#{(int)c};")), StringComparison.Ordinal)
            .Replace("{ENTDEC}", string.Concat(javascriptUrl.Select(c => $"&#{(int)c};")), StringComparison.Ordinal)
            .Replace("{ENTPAD}", string.Concat(javascriptUrl.Select(c => $"&#{(int)c:D7}")), StringComparison.Ordinal)
            .Replace("{ENTHEX}", string.Concat(javascriptUrl.Select(c => $"&#x{(int)c:X2}")), StringComparison.Ordinal)
            .Replace("{B64JS}", Convert.ToBase64String(Encoding.UTF8.GetBytes(js)), StringComparison.Ordinal)
            .Replace("{B64}", Convert.ToBase64String(Encoding.UTF8.GetBytes($"<script>parent.xssHit({id})</script>")), StringComparison.Ordinal)
            .Replace("{JS}", js, StringComparison.Ordinal)
            .Replace("{N}", id.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }
}
