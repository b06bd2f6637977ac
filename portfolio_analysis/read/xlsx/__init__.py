"""The .xlsx reader: the workbook's parts as streams (stream), a sheet's rows from its XML (sheet_xml) and the
table of a workbook (workbook)."""
