package parse

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// jsonText renders a JSON document as text, one "key: value" line per
// scalar in document order (strings with their own line breaks kept), for
// the text readers. A decoding error ends the text where it happened.
func jsonText(data []byte) []byte {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var b strings.Builder
	var stack []bool // true: in an object, expecting a key
	key := ""
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		inObj := len(stack) > 0 && stack[len(stack)-1]
		switch v := tok.(type) {
		case json.Delim:
			switch v {
			case '{':
				stack = append(stack, true)
			case '[':
				stack = append(stack, false)
			default:
				if len(stack) > 0 {
					stack = stack[:len(stack)-1]
				}
			}
			key = ""
			continue
		case string:
			if inObj && key == "" && dec.More() || inObj && key == "" {
				// in an object a string is a key unless one is pending
				key = v
				continue
			}
			writeField(&b, key, v)
		case json.Number:
			writeField(&b, key, v.String())
		case bool:
			writeField(&b, key, fmt.Sprint(v))
		case nil:
		}
		key = ""
	}
	return []byte(b.String())
}

func writeField(b *strings.Builder, key, v string) {
	v = strings.TrimSpace(v)
	if v == "" {
		return
	}
	if key != "" && !strings.Contains(v, "\n") {
		b.WriteString(key)
		b.WriteString(": ")
	} else if key != "" {
		b.WriteString(key)
		b.WriteString(":\n")
	}
	b.WriteString(v)
	b.WriteString("\n\n")
}
