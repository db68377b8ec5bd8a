"""monograph-ingest: scraped drug monograph pages -> structured, validated JSON."""
