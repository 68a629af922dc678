"""PDF intake (issue #5): read uploaded attachments, recognise the documents in them, parse
copyright pages, check required materials, the verification QR code and the seal.

Entry point: :func:`validators.pdf.check.check_pdf`. Parsing runs in a worker process under
:class:`validators.pdf.limits.Limits`; an unreadable file raises
:class:`validators.pdf.limits.UnreadablePdf` with a reason and a Chinese message.
"""
