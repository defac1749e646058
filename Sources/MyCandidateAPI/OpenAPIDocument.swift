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
  "paths": {
    "/api/v1/ballots": {
      "get": {
        "operationId": "listBallots",
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
          }
        }
      }
    },
    "/api/v1/ballots/{ballot}/areas": {
      "get": {
        "operationId": "listAreas",
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
          {
            "name": "cursor",
            "in": "query",
            "description": "Opaque cursor from a previous page's `next_cursor`.",
            "required": false,
            "schema": {
              "type": "string"
            }
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
          }
        }
      }
    },
    "/api/v1/ballots/{ballot}/areas/{area}": {
      "get": {
        "operationId": "getAreaListing",
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
          }
        }
      }
    },
    "/api/v1/datasets/current": {
      "get": {
        "operationId": "getCurrentDataset",
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
          }
        }
      }
    },
    "/api/v1/areas/{area}/ballots": {
      "get": {
        "operationId": "listBallotsForArea",
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
          }
        }
      }
    },
    "/api/v1/parties": {
      "get": {
        "operationId": "listParties",
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
          }
        }
      }
    },
    "/api/v1/parties/{party}": {
      "get": {
        "operationId": "getParty",
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
          }
        }
      }
    }
  },
  "components": {
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
      }
    }
  }
}
"""#
}
