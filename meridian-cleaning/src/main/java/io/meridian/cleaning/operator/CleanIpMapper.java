package io.meridian.cleaning.operator;

import static java.util.Objects.requireNonNull;

/**
 * {@code clean_ip_mapper}: replaces IPv4 and IPv6 addresses with {@code repl} (empty by default).
 *
 * <p>IPv4 and the full eight-group IPv6 form match exactly what Data-Juicer's default pattern matches, including its
 * lack of word boundaries ({@code ftp://example.com/188.46.244.216my-page.html} loses the address, and of
 * {@code 1234.5.6.7} the part {@code 234.5.6.7} is an address). Deliberate difference: compressed IPv6
 * ({@code 2001:db8::1}, {@code fe80::1}, {@code ::1}) is removed too, which the default pattern misses; to keep C++'s
 * {@code Foo::bar} safe a compressed address needs at least one decimal digit and must not touch a letter, digit,
 * {@code _} or {@code :} on either side. A hand-written scanner with bounded look-ahead at each position, so the cost
 * is linear in the text.
 */
public final class CleanIpMapper
        implements TextMapper
{
    private final String repl;

    public CleanIpMapper(String repl)
    {
        this.repl = requireNonNull(repl, "repl is null");
    }

    public CleanIpMapper()
    {
        this("");
    }

    @Override
    public String name()
    {
        return "clean_ip_mapper";
    }

    @Override
    public String apply(String text)
    {
        // every address has a dot or a colon: most texts are done after two vectorised searches
        boolean dot = text.indexOf('.') >= 0;
        boolean colon = text.indexOf(':') >= 0;
        if (!dot && !colon) {
            return text;
        }
        boolean doubleColon = colon && text.contains("::");
        Splice out = null;
        int copied = 0;
        int length = text.length();
        int i = 0;
        int hexRunEnd = -1;
        while (i < length) {
            char c = text.charAt(i);
            boolean digit = ResidentIds.isDigit(c);
            boolean hex = digit || isHex(c);
            if (!hex && c != ':') {
                i++;
                continue;
            }
            if (hex) {
                // An address starting inside a run of hex digits needs a '.' or ':' within 4 characters of its start,
                // and neither is a hex digit: only the run's last four positions can start one (and a compressed
                // IPv6 address, which starts at the run's first position, fails on a run longer than four).
                if (i >= hexRunEnd) {
                    hexRunEnd = i + hexRun(text, i, Integer.MAX_VALUE);
                }
                if (hexRunEnd - i > 4) {
                    i = hexRunEnd - 4;
                    continue;
                }
            }
            int end = dot && digit ? ipv4End(text, i) : -1;
            if (end < 0 && colon && hex) {
                end = ipv6FullEnd(text, i);
            }
            if (end < 0 && doubleColon) {
                end = ipv6CompressedEnd(text, i);
            }
            if (end < 0) {
                i++;
                continue;
            }
            if (out == null) {
                out = new Splice(length);
            }
            out.append(text, copied, i).append(repl);
            copied = end;
            i = end;
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copied, length).toString();
    }

    /**
     * Three octets each followed by a dot, then a last octet: the pattern's alternatives put three digits before two
     * before one, and a number with a leading zero is only ever its single {@code 0}.
     */
    static int ipv4End(String text, int start)
    {
        int i = start;
        for (int octet = 0; octet < 3; octet++) {
            int run = digitRun(text, i, 4);
            if (run == 0 || run == 4 || i + run >= text.length() || text.charAt(i + run) != '.' || !isOctet(text, i, run)) {
                return -1;
            }
            i += run + 1;
        }
        int run = digitRun(text, i, 3);
        for (int take = run; take >= 1; take--) {
            if (isOctet(text, i, take)) {
                return i + take;
            }
        }
        return -1;
    }

    private static boolean isOctet(String text, int at, int digits)
    {
        if (digits > 1 && text.charAt(at) == '0') {
            return false;
        }
        int value = 0;
        for (int i = at; i < at + digits; i++) {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value <= 255;
    }

    private static int digitRun(String text, int at, int max)
    {
        int n = 0;
        while (n < max && at + n < text.length() && ResidentIds.isDigit(text.charAt(at + n))) {
            n++;
        }
        return n;
    }

    private static int hexRun(String text, int at, int max)
    {
        int n = 0;
        while (n < max && at + n < text.length() && isHex(text.charAt(at + n))) {
            n++;
        }
        return n;
    }

    /**
     * {@code ([\da-fA-F]{1,4}:){7}[\da-fA-F]{1,4}}.
     */
    static int ipv6FullEnd(String text, int start)
    {
        int i = start;
        for (int group = 0; group < 7; group++) {
            int run = hexRun(text, i, 5);
            if (run == 0 || run == 5 || i + run >= text.length() || text.charAt(i + run) != ':') {
                return -1;
            }
            i += run + 1;
        }
        int run = hexRun(text, i, 4);
        return run == 0 ? -1 : i + run;
    }

    /**
     * Groups around exactly one {@code ::}, at most seven groups in all, at least one decimal digit, not touching a
     * word character or a colon on either side.
     */
    static int ipv6CompressedEnd(String text, int start)
    {
        if (start > 0 && isWordOrColon(text.charAt(start - 1))) {
            return -1;
        }
        int length = text.length();
        int i = start;
        int groups = 0;
        boolean compressed = false;
        boolean digit = false;
        boolean expectGroup = true;
        while (i < length) {
            if (text.startsWith("::", i)) {
                if (compressed) {
                    return -1;
                }
                compressed = true;
                i += 2;
                expectGroup = false;
                continue;
            }
            if (text.charAt(i) == ':') {
                if (expectGroup || groups == 0) {
                    return -1;
                }
                i++;
                expectGroup = true;
                continue;
            }
            int run = hexRun(text, i, 5);
            if (run == 0) {
                break;
            }
            if (run == 5) {
                return -1;
            }
            for (int k = i; k < i + run; k++) {
                digit |= ResidentIds.isDigit(text.charAt(k));
            }
            groups++;
            if (groups > 7) {
                return -1;
            }
            i += run;
            expectGroup = false;
            if (i < length && text.charAt(i) == ':' && !text.startsWith("::", i)) {
                i++;
                expectGroup = true;
            }
        }
        if (!compressed || expectGroup || groups > 7 || !digit) {
            return -1;
        }
        if (i < length && isWordOrColon(text.charAt(i))) {
            return -1;
        }
        return i;
    }

    private static boolean isWordOrColon(char c)
    {
        return c == ':' || c == '_' || Character.isLetterOrDigit(c);
    }

    private static boolean isHex(char c)
    {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
