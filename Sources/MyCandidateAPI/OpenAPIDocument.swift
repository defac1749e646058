// Kept identical to openapi.json by a test (OpenAPIDocumentTests); after editing the
// document, run `scripts/embed-openapi.sh`.

/// The API's contract, served at `/api/openapi.json`. Compiled in so the binary stays the whole
/// deployable; the generator reads the same text from `openapi.json`.
enum OpenAPIDocument {
    static let json = #"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "MyCandidate open data API",
    "version": "1.0.0",
    "description": "Candidate lists of the published dataset: ballots, areas and the candidates standing in each, grouped as the results pages show them. Every response carries an ETag from the dataset version; errors are RFC 9457 problem details."
  },
  "tags": [
    {
      "name": "data",
      "description": "Ballots, areas, parties and candidates of the published dataset."
    },
    {
      "name": "exports",
      "description": "The whole published dataset in one streamed download."
    }
  ],
  "paths": {
    "/api/v1/ballots": {
      "get": {
        "operationId": "listBallots",
        "tags": [
          "data"
        ],
        "summary": "Every ballot of the published dataset",
        "responses": {
          "200": {
            "description": "The ballots in display order.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/BallotList"
                }
              }
            }
          },
          "404": {
            "$ref": "#/components/responses/Problem"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/api/v1/ballots/{ballot}/areas": {
      "get": {
        "operationId": "listAreas",
        "tags": [
          "data"
        ],
        "summary": "The areas a ballot is contested in",
        "parameters": [
          {
            "name": "ballot",
            "in": "path",
            "description": "Ballot key, e.g. `national` or `ward`.",
            "required": true,
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "q",
            "in": "query",
            "description": "Matches area name or code, case- and accent-insensitively.",
            "required": false,
            "schema": {
              "type": "string",
              "maxLength": 100
            }
          },
          {
            "name": "parent",
            "in": "query",
            "description": "Only areas directly inside this area id.",
            "required": false,
            "schema": {
              "type": "string"
            }
          },
          {
            "$ref": "#/components/parameters/Limit"
          },
          {
            "$ref": "#/components/parameters/Cursor"
          }
        ],
        "responses": {
          "200": {
            "description": "One page of areas, sorted by name.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AreaPage"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Problem"
          },
          "404": {
            "$ref": "#/components/responses/Problem"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/api/v1/ballots/{ballot}/areas/{area}": {
      "get": {
        "operationId": "getAreaListing",
        "tags": [
          "data"
        ],
        "summary": "The candidates standing on one ballot in one area",
        "parameters": [
          {
            "name": "ballot",
            "in": "path",
            "description": "Ballot key, e.g. `national` or `ward`.",
            "required": true,
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "area",
            "in": "path",
            "description": "Area id, unique across levels, e.g. `gauteng` or `ward-1`.",
            "required": true,
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The area with its candidates grouped by party exactly as the results page shows them.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AreaListing"
                }
              }
            }
          },
          "404": {
            "$ref": "#/components/responses/Problem"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/api/v1/datasets/current": {
      "get": {
        "operationId": "getCurrentDataset",
        "tags": [
          "data"
        ],
        "summary": "The published dataset version",
        "responses": {
          "200": {
            "description": "Version, publication time, source files and counts.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/DatasetInfo"
                }
              }
            }
          },
          "404": {
            "$ref": "#/components/responses/Problem"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/api/v1/areas/{area}/ballots": {
      "get": {
        "operationId": "listBallotsForArea",
        "tags": [
          "data"
        ],
        "summary": "Every ballot a voter in an area receives, through the area hierarchy",
        "parameters": [
          {
            "name": "area",
            "in": "path",
            "description": "Area id, unique across levels, e.g. `gauteng` or `ward-1`.",
            "required": true,
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The area and each ballot with the area it is contested in.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AreaBallots"
                }
              }
            }
          },
          "404": {
            "$ref": "#/components/responses/Problem"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/api/v1/parties": {
      "get": {
        "operationId": "listParties",
        "tags": [
          "data"
        ],
        "summary": "Every party with how many candidates it fields",
        "responses": {
          "200": {
            "description": "Parties sorted by name.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/PartyList"
                }
              }
            }
          },
          "404": {
            "$ref": "#/components/responses/Problem"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/api/v1/parties/{party}": {
      "get": {
        "operationId": "getParty",
        "tags": [
          "data"
        ],
        "summary": "Where one party stands and with how many candidates",
        "parameters": [
          {
            "name": "party",
            "in": "path",
            "description": "Party slug, e.g. `sunrise-alliance`.",
            "required": true,
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The party and its standings per ballot and area.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/PartyDetail"
                }
              }
            }
          },
          "404": {
            "$ref": "#/components/responses/Problem"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/api/v1/candidates": {
      "get": {
        "operationId": "searchCandidates",
        "tags": [
          "data"
        ],
        "summary": "Candidates by name",
        "description": "Candidates in display order (ballot order, then area name, then the order the results page shows), optionally narrowed by name, ballot and party. A name matches when every word of `q` starts a word of the candidate's name, ignoring case, accents and punctuation.",
        "parameters": [
          {
            "name": "q",
            "in": "query",
            "description": "Words that must each start a word of the name, e.g. `wanj mary`.",
            "required": false,
            "schema": {
              "type": "string",
              "maxLength": 100
            }
          },
          {
            "name": "ballot",
            "in": "query",
            "description": "Only candidates on this ballot.",
            "required": false,
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "party",
            "in": "query",
            "description": "Only candidates of this party (its slug).",
            "required": false,
            "schema": {
              "type": "string"
            }
          },
          {
            "$ref": "#/components/parameters/Limit"
          },
          {
            "$ref": "#/components/parameters/Cursor"
          }
        ],
        "responses": {
          "200": {
            "description": "One page of candidates.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CandidatePage"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Problem"
          },
          "404": {
            "$ref": "#/components/responses/Problem"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/api/v1/wards/{ward_id}/candidates": {
      "get": {
        "operationId": "listWardCandidates",
        "tags": [
          "data"
        ],
        "summary": "A ward's candidates in the shape of the older ward endpoint",
        "description": "Kept for clients of the ward endpoint this API replaces: its field names and its error body are not this API's usual ones. The ward is looked up on the ballot the server is configured with (`API_WARD_BALLOT`, `ward` by default), by area id or by ward code.",
        "parameters": [
          {
            "name": "ward_id",
            "in": "path",
            "description": "Ward code or area id.",
            "required": true,
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The ward's candidates, sorted by party then list position.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/WardCandidates"
                }
              }
            }
          },
          "404": {
            "description": "No such ward on the ward ballot (or nothing published).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/WardNotFound"
                }
              }
            }
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/api/v1/export.csv": {
      "get": {
        "operationId": "exportCSV",
        "tags": [
          "exports"
        ],
        "summary": "The whole published dataset as CSV",
        "description": "One row per candidate, in display order, with a header row naming the columns of `ExportCandidate` in order. UTF-8, comma-separated, CRLF line ends, fields quoted when they hold a comma, quote or line break; empty for unknown values. Streamed.",
        "responses": {
          "200": {
            "description": "The dataset.",
            "content": {
              "text/csv": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "404": {
            "$ref": "#/components/responses/Problem"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    },
    "/api/v1/export.json": {
      "get": {
        "operationId": "exportJSON",
        "tags": [
          "exports"
        ],
        "summary": "The whole published dataset as JSON",
        "description": "The version, then one object per candidate in display order. Streamed.",
        "responses": {
          "200": {
            "description": "The dataset.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ExportDocument"
                }
              }
            }
          },
          "404": {
            "$ref": "#/components/responses/Problem"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          }
        }
      }
    }
  },
  "components": {
    "parameters": {
      "Limit": {
        "name": "limit",
        "in": "query",
        "description": "Page size.",
        "required": false,
        "schema": {
          "type": "integer",
          "minimum": 1,
          "maximum": 500,
          "default": 100
        }
      },
      "Cursor": {
        "name": "cursor",
        "in": "query",
        "description": "Opaque cursor from a previous page's `next_cursor`.",
        "required": false,
        "schema": {
          "type": "string"
        }
      }
    },
    "responses": {
      "Problem": {
        "description": "An RFC 9457 problem.",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "TooManyRequests": {
        "description": "This client has made too many requests; retry after the number of seconds in `Retry-After`. The body is a problem of type `urn:mycandidate:problem:rate-limited`.",
        "headers": {
          "Retry-After": {
            "description": "Seconds to wait before retrying.",
            "schema": {
              "type": "integer",
              "minimum": 1
            }
          }
        },
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      }
    },
    "schemas": {
      "Problem": {
        "type": "object",
        "required": [
          "type",
          "title",
          "status"
        ],
        "properties": {
          "type": {
            "type": "string",
            "description": "Stable identifier of the kind of problem."
          },
          "title": {
            "type": "string"
          },
          "status": {
            "type": "integer"
          },
          "detail": {
            "type": "string"
          },
          "parameter": {
            "type": "string",
            "description": "The request parameter at fault, for 400s."
          }
        }
      },
      "Ballot": {
        "type": "object",
        "required": [
          "key",
          "title",
          "kind",
          "area_level",
          "areas",
          "candidates"
        ],
        "properties": {
          "key": {
            "type": "string"
          },
          "title": {
            "type": "string"
          },
          "kind": {
            "$ref": "#/components/schemas/BallotKind"
          },
          "area_level": {
            "type": "string"
          },
          "areas": {
            "type": "integer"
          },
          "candidates": {
            "type": "integer"
          }
        }
      },
      "BallotList": {
        "type": "object",
        "required": [
          "ballots"
        ],
        "properties": {
          "ballots": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Ballot"
            }
          }
        }
      },
      "Area": {
        "type": "object",
        "required": [
          "id",
          "code",
          "name",
          "level"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "code": {
            "type": "string"
          },
          "name": {
            "type": "string"
          },
          "level": {
            "type": "string"
          },
          "parent": {
            "type": "string",
            "description": "Id of the enclosing area, when the data has a hierarchy."
          }
        }
      },
      "AreaPage": {
        "type": "object",
        "required": [
          "areas"
        ],
        "properties": {
          "areas": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Area"
            }
          },
          "next_cursor": {
            "type": "string",
            "description": "Pass as `cursor` for the next page; absent on the last page."
          }
        }
      },
      "Party": {
        "type": "object",
        "required": [
          "slug",
          "name"
        ],
        "properties": {
          "slug": {
            "type": "string"
          },
          "name": {
            "type": "string"
          },
          "abbreviation": {
            "type": "string"
          },
          "code": {
            "type": "string"
          }
        }
      },
      "Candidate": {
        "type": "object",
        "required": [
          "given_names",
          "surname",
          "full_name"
        ],
        "properties": {
          "given_names": {
            "type": "string"
          },
          "surname": {
            "type": "string"
          },
          "full_name": {
            "type": "string"
          },
          "list_position": {
            "type": "integer"
          },
          "age": {
            "type": "integer"
          },
          "gender": {
            "type": "string"
          },
          "party": {
            "$ref": "#/components/schemas/Party"
          }
        }
      },
      "PartyGroup": {
        "type": "object",
        "required": [
          "headline",
          "others"
        ],
        "properties": {
          "party": {
            "$ref": "#/components/schemas/Party"
          },
          "headline": {
            "$ref": "#/components/schemas/Candidate"
          },
          "others": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Candidate"
            }
          }
        }
      },
      "AreaListing": {
        "type": "object",
        "required": [
          "ballot",
          "area",
          "kind",
          "candidate_count"
        ],
        "properties": {
          "ballot": {
            "type": "string"
          },
          "area": {
            "$ref": "#/components/schemas/Area"
          },
          "kind": {
            "$ref": "#/components/schemas/BallotKind"
          },
          "candidate_count": {
            "type": "integer"
          },
          "parties": {
            "type": "array",
            "description": "Party-list ballots: parties in display order, each with its headline candidate and the rest in list order.",
            "items": {
              "$ref": "#/components/schemas/PartyGroup"
            }
          },
          "candidates": {
            "type": "array",
            "description": "Single-member ballots: candidates in ballot-paper order, each with their party.",
            "items": {
              "$ref": "#/components/schemas/Candidate"
            }
          }
        }
      },
      "SourceFile": {
        "type": "object",
        "required": [
          "file",
          "sha256"
        ],
        "properties": {
          "file": {
            "type": "string"
          },
          "sha256": {
            "type": "string"
          }
        }
      },
      "Counts": {
        "type": "object",
        "required": [
          "ballots",
          "areas",
          "parties",
          "candidates"
        ],
        "properties": {
          "ballots": {
            "type": "integer"
          },
          "areas": {
            "type": "integer"
          },
          "parties": {
            "type": "integer"
          },
          "candidates": {
            "type": "integer"
          }
        }
      },
      "DatasetInfo": {
        "type": "object",
        "required": [
          "version",
          "sources",
          "counts"
        ],
        "properties": {
          "version": {
            "type": "integer"
          },
          "published_at": {
            "type": "string",
            "format": "date-time"
          },
          "sources": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/SourceFile"
            }
          },
          "counts": {
            "$ref": "#/components/schemas/Counts"
          }
        }
      },
      "BallotInArea": {
        "type": "object",
        "required": [
          "ballot",
          "title",
          "kind",
          "area"
        ],
        "properties": {
          "ballot": {
            "type": "string"
          },
          "title": {
            "type": "string"
          },
          "kind": {
            "$ref": "#/components/schemas/BallotKind"
          },
          "area": {
            "$ref": "#/components/schemas/Area"
          }
        }
      },
      "AreaBallots": {
        "type": "object",
        "required": [
          "area",
          "ballots"
        ],
        "properties": {
          "area": {
            "$ref": "#/components/schemas/Area"
          },
          "ballots": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/BallotInArea"
            }
          }
        }
      },
      "PartySummary": {
        "type": "object",
        "required": [
          "slug",
          "name",
          "candidates"
        ],
        "properties": {
          "slug": {
            "type": "string"
          },
          "name": {
            "type": "string"
          },
          "abbreviation": {
            "type": "string"
          },
          "code": {
            "type": "string"
          },
          "candidates": {
            "type": "integer"
          }
        }
      },
      "PartyList": {
        "type": "object",
        "required": [
          "parties"
        ],
        "properties": {
          "parties": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/PartySummary"
            }
          }
        }
      },
      "Standing": {
        "type": "object",
        "required": [
          "ballot",
          "area",
          "candidates"
        ],
        "properties": {
          "ballot": {
            "type": "string"
          },
          "area": {
            "$ref": "#/components/schemas/Area"
          },
          "candidates": {
            "type": "integer"
          }
        }
      },
      "PartyDetail": {
        "type": "object",
        "required": [
          "party",
          "candidates",
          "standings"
        ],
        "properties": {
          "party": {
            "$ref": "#/components/schemas/Party"
          },
          "candidates": {
            "type": "integer"
          },
          "standings": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Standing"
            }
          }
        }
      },
      "BallotKind": {
        "type": "string",
        "enum": [
          "party_list",
          "single_member"
        ],
        "description": "A party-list ballot (candidates carry list positions) or a single-member ballot."
      },
      "CandidateResult": {
        "type": "object",
        "description": "A candidate with the ballot and area they stand in.",
        "required": [
          "ballot",
          "area",
          "given_names",
          "surname",
          "full_name"
        ],
        "properties": {
          "ballot": {
            "type": "string"
          },
          "area": {
            "$ref": "#/components/schemas/Area"
          },
          "given_names": {
            "type": "string"
          },
          "surname": {
            "type": "string"
          },
          "full_name": {
            "type": "string"
          },
          "list_position": {
            "type": "integer"
          },
          "age": {
            "type": "integer"
          },
          "gender": {
            "type": "string"
          },
          "party": {
            "$ref": "#/components/schemas/Party"
          }
        }
      },
      "CandidatePage": {
        "type": "object",
        "required": [
          "candidates"
        ],
        "properties": {
          "candidates": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/CandidateResult"
            }
          },
          "next_cursor": {
            "type": "string",
            "description": "Pass as `cursor` for the next page; absent on the last page."
          }
        }
      },
      "WardCandidate": {
        "type": "object",
        "required": [
          "full_names",
          "surname"
        ],
        "properties": {
          "full_names": {
            "type": "string",
            "description": "Given names."
          },
          "surname": {
            "type": "string"
          },
          "party": {
            "type": "string",
            "description": "Party name; absent for an independent."
          },
          "age": {
            "type": "integer"
          },
          "gender": {
            "type": "string"
          },
          "orderno": {
            "type": "integer",
            "description": "Position on the party's list, where there is one."
          }
        }
      },
      "WardCandidates": {
        "type": "object",
        "required": [
          "ward",
          "count",
          "candidates"
        ],
        "properties": {
          "ward": {
            "type": "string",
            "description": "The ward's code."
          },
          "count": {
            "type": "integer"
          },
          "candidates": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/WardCandidate"
            }
          }
        }
      },
      "WardNotFound": {
        "type": "object",
        "required": [
          "error",
          "ward_id"
        ],
        "properties": {
          "error": {
            "type": "string",
            "const": "Ward not found"
          },
          "ward_id": {
            "type": "string"
          }
        }
      },
      "ExportCandidate": {
        "type": "object",
        "description": "One candidate as the exports give them. The CSV's header row is these names in this order; there is never a national ID.",
        "required": [
          "ballot",
          "ballot_title",
          "area_id",
          "area_code",
          "area_name",
          "area_level",
          "area_hierarchy",
          "party",
          "party_name",
          "given_names",
          "surname",
          "list_position",
          "age",
          "gender"
        ],
        "properties": {
          "ballot": {
            "type": "string"
          },
          "ballot_title": {
            "type": "string"
          },
          "area_id": {
            "type": "string"
          },
          "area_code": {
            "type": "string"
          },
          "area_name": {
            "type": "string"
          },
          "area_level": {
            "type": "string"
          },
          "area_hierarchy": {
            "type": "string",
            "description": "Names of the enclosing areas, outermost first, joined by ` > `; empty for a top-level area."
          },
          "party": {
            "type": [
              "string",
              "null"
            ],
            "description": "Party slug; null for an independent."
          },
          "party_name": {
            "type": [
              "string",
              "null"
            ]
          },
          "given_names": {
            "type": "string"
          },
          "surname": {
            "type": "string"
          },
          "list_position": {
            "type": [
              "integer",
              "null"
            ]
          },
          "age": {
            "type": [
              "integer",
              "null"
            ]
          },
          "gender": {
            "type": [
              "string",
              "null"
            ]
          }
        },
        "additionalProperties": false
      },
      "ExportDocument": {
        "type": "object",
        "required": [
          "version",
          "published_at",
          "candidates"
        ],
        "properties": {
          "version": {
            "type": "integer"
          },
          "published_at": {
            "type": [
              "string",
              "null"
            ],
            "format": "date-time"
          },
          "candidates": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/ExportCandidate"
            }
          }
        }
      }
    }
  }
}
"""#
}
