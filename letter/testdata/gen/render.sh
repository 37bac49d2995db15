#!/bin/sh
# Renders the corpus: TXT and DOCX from the sources, PDF from each DOCX by
# LibreOffice (Debian's libreoffice-writer, fonts-liberation2 for Times New
# Roman's metrics), and the pdftotext -layout text of some PDFs. Run once
# after editing a source; the outputs are committed and the tests need none
# of these tools.
set -e
cd "$(dirname "$0")/../corpus"
go run ../gen .
for src in *.letter; do
	name=${src%.letter}
	if grep -q '^formats:.*pdf' "$src"; then
		soffice --headless --convert-to pdf "$name.docx" >/dev/null 2>&1
		if ! grep -q '^formats:.*docx' "$src"; then rm "$name.docx"; fi
	fi
	if grep -q '^pdftotext: yes' "$src"; then
		pdftotext -layout "$name.pdf" "$name.pdftotext.txt"
	fi
done
