# checklist tests
