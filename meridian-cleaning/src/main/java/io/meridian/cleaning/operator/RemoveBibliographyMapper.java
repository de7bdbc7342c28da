package io.meridian.cleaning.operator;

/**
 * {@code remove_bibliography_mapper}: cuts a TeX document at its bibliography, as Data-Juicer: everything from the first
 * {@code \appendix}, {@code \begin{references}}, {@code \begin{REFERENCES}}, {@code \begin{thebibliography}} or
 * {@code \bibliography{...}} (with its closing brace on the same line... or any later one, as the pattern's greedy
 * {@code .*} in DOTALL mode allows) to the end of the text is removed.
 */
public final class RemoveBibliographyMapper
        implements TextMapper
{
    private static final String[] MARKERS = {"\\appendix", "\\begin{references}", "\\begin{REFERENCES}", "\\begin{thebibliography}"};

    @Override
    public String name()
    {
        return "remove_bibliography_mapper";
    }

    @Override
    public String apply(String text)
    {
        int cut = -1;
        int from = 0;
        while (true) {
            int backslash = text.indexOf('\\', from);
            if (backslash < 0) {
                break;
            }
            if (startsMarker(text, backslash)) {
                cut = backslash;
                break;
            }
            from = backslash + 1;
        }
        return cut < 0 ? text : text.substring(0, cut);
    }

    private static boolean startsMarker(String text, int at)
    {
        for (String marker : MARKERS) {
            if (text.startsWith(marker, at)) {
                return true;
            }
        }
        // \bibliography{.*} : a closing brace anywhere after the opening one
        return text.startsWith("\\bibliography{", at) && text.indexOf('}', at + 14) >= 0;
    }
}
