package io.meridian.server.dataset.internal;

import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import javax.xml.parsers.ParserConfigurationException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rows of an xlsx file's first sheet as JSON objects: the first non-empty row names the fields ({@code instruction},
 * {@code input}, {@code output}), each later row is one item, its cells as text the way Excel shows them, a missing
 * cell an empty string. The sheet is read with POI's streaming (SAX) reader, row by row, so a large sheet is never
 * loaded as a workbook; the shared-string table (the distinct texts) is what stays in memory, bounded by the import's
 * size limit.
 */
final class XlsxRows
{
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private XlsxRows() {}

    @FunctionalInterface
    interface RowSink
    {
        /** {@code line} is the row's number as Excel shows it (the header is usually row 1). */
        void row(long line, ObjectNode row)
                throws IOException;
    }

    /** A file that is not a readable xlsx workbook. */
    static final class UnreadableException
            extends IOException
    {
        UnreadableException(String message, Throwable cause)
        {
            super(message, cause);
        }
    }

    static void read(Path file, RowSink sink)
            throws IOException
    {
        try (OPCPackage workbook = OPCPackage.open(file.toFile(), PackageAccess.READ)) {
            XSSFReader reader = new XSSFReader(workbook);
            ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(workbook, false);
            StylesTable styles = reader.getStylesTable();
            Iterator<InputStream> sheets = reader.getSheetsData();
            if (!sheets.hasNext()) {
                return;
            }
            try (InputStream sheet = sheets.next()) {
                XMLReader parser = XMLHelper.newXMLReader();
                parser.setContentHandler(new XSSFSheetXMLHandler(styles, null, strings, new Rows(sink), new DataFormatter(), false));
                parser.parse(new InputSource(sheet));
            }
        }
        catch (SinkFailure e) {
            // what the sink refused (a row limit, a storage error) is the import's, not a sign of a bad file
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) e.getCause();
        }
        catch (OpenXML4JException | SAXException | ParserConfigurationException | RuntimeException e) {
            // POI reports a damaged or foreign file with runtime exceptions of its own as well
            throw new UnreadableException(String.valueOf(e.getMessage()), e);
        }
    }

    /** Carries the sink's own failure through the SAX parser, to be rethrown as it was. */
    private static final class SinkFailure
            extends RuntimeException
    {
        SinkFailure(Exception cause)
        {
            super(cause);
        }
    }

    /** Collects each row's cells and hands complete rows to the sink. */
    private static final class Rows
            implements XSSFSheetXMLHandler.SheetContentsHandler
    {
        private final RowSink sink;
        private List<String> header;
        private final Map<Integer, String> cells = new TreeMap<>();

        Rows(RowSink sink)
        {
            this.sink = sink;
        }

        @Override
        public void startRow(int rowNum)
        {
            cells.clear();
        }

        @Override
        public void cell(String cellReference, String formattedValue, XSSFComment comment)
        {
            if (cellReference != null && formattedValue != null) {
                cells.put((int) new CellReference(cellReference).getCol(), formattedValue);
            }
        }

        @Override
        public void endRow(int rowNum)
        {
            if (cells.values().stream().allMatch(String::isBlank)) {
                return;
            }
            if (header == null) {
                header = new ArrayList<>();
                int last = cells.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
                for (int column = 0; column <= last; column++) {
                    header.add(cells.getOrDefault(column, "").strip());
                }
                return;
            }
            ObjectNode row = JSON.createObjectNode();
            for (int column = 0; column < header.size(); column++) {
                if (!header.get(column).isEmpty()) {
                    row.put(header.get(column), cells.getOrDefault(column, ""));
                }
            }
            try {
                sink.row(rowNum + 1L, row);
            }
            catch (IOException | RuntimeException e) {
                throw new SinkFailure(e);
            }
        }
    }
}
