"""The .xlsx reader: the workbook's parts as streams (stream), the quick sheet reader (sheet_xml) and the
table of a workbook (workbook)."""
