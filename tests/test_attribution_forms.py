"""The shapes of news attribution, one table row each: a short article and who must be its speaker.

Every row is written for this table (no article is copied from an evaluation corpus); together they
cover what each way of ArticleReader reads (see extract/attribution.py and extract/clauses.py).
"""
import pytest

from quotes_api.articles.model import Article
from quotes_api.extract import extract_article

INTRO = "The council met on Tuesday to discuss the budget for the new bridge.\n\n"

# (article text after a neutral first paragraph, words of the quotation, expected speaker name)
FORMS = [
    # the clause after the quotation
    ('"We will not raise taxes," Jane Roe said.', "We will not raise taxes", "Jane Roe"),
    ('"We will not raise taxes," said Jane Roe, 63, a retired teacher.', "We will not raise taxes", "Jane Roe"),
    ('"We will not raise taxes," Sen. Jane Roe, D-Ohio, said.', "We will not raise taxes", "Jane Roe"),
    ('"We will not raise taxes," said Senate Majority Leader Jane Roe (D-Ohio).', "We will not raise taxes",
     "Jane Roe"),
    ('"We will not raise taxes," said Jane Roe of the Center for Fiscal Policy in Washington.',
     "We will not raise taxes", "Jane Roe"),
    ('"We will not raise taxes," said the campaign\'s communications director, Jane Roe.',
     "We will not raise taxes", "Jane Roe"),
    ('"We will not raise taxes," said another leading budget expert, Jane Roe of the Fiscal Institute.',
     "We will not raise taxes", "Jane Roe"),
    ('"We will not raise taxes," said council spokeswoman Jane Roe in a statement.', "We will not raise taxes",
     "Jane Roe"),
    ('"We will not raise taxes," Jane Roe quipped.', "We will not raise taxes", "Jane Roe"),
    ('"We will not raise taxes," Jane Roe interjected.', "We will not raise taxes", "Jane Roe"),
    ('"We will not raise taxes," Jane Roe boomed.', "We will not raise taxes", "Jane Roe"),  # not in the lexicon
    ('"We will not raise taxes," Mr. Prince said.', "We will not raise taxes", "Prince"),  # a role word as surname
    ('"We will not raise taxes," the Treasury said in a statement.', "We will not raise taxes", "the Treasury"),
    ('"We will not raise taxes," Acme Holdings said.', "We will not raise taxes", "Acme Holdings"),
    ('"It can be done" before spring, said Jane Roe, an engineer.', "It can be done", "Jane Roe"),
    # the clause before it: the verb nearest the quotation governs it
    ('Jane Roe said on Tuesday that "we will not raise taxes this year."', "we will not raise taxes", "Jane Roe"),
    ('When Tom Hart asked about the cost, Jane Roe replied, "We will not raise taxes."',
     "We will not raise taxes", "Jane Roe"),
    ('Tom Hart praised the plan, but Jane Roe, who chairs the committee, warned: "It will cost more."',
     "It will cost more", "Jane Roe"),
    ('Jane Roe leaned toward the microphone and thundered: "We will not raise taxes."',
     "We will not raise taxes", "Jane Roe"),
    ('Asked about the delay on a radio show, Jane Roe said the bridge had "never been a priority for the city."',
     "never been a priority", "Jane Roe"),
    ('Reached by phone, Jane Roe dismissed the report, saying it was "a work of fiction from start to finish."',
     "a work of fiction", "Jane Roe"),
    ('Jane Roe was asked by host Tom Hart, "Will you raise taxes next year?"', "Will you raise taxes", "Tom Hart"),
    ('At a town hall in Springfield, Ohio, on Sunday, Jane Roe defended the plan, saying it would "pay for '
     'itself within a decade."', "pay for itself within a decade", "Jane Roe"),
    ('The bridge will open in June, Jane Roe said, adding, "We will not wait a day longer."',
     "We will not wait a day longer", "Jane Roe"),
    ('Tom Hart posted a message on Facebook reading "Thank you, Springfield!" after the vote.',
     "Thank you, Springfield", "Tom Hart"),
    ('Jane Roe held up a sign saying "Build the bridge now" at the rally.', "Build the bridge now", "a sign"),
    ('As Jane Roe, the committee chair, put it: "Nobody wants a bridge to nowhere."',
     "Nobody wants a bridge to nowhere", "Jane Roe"),
    ('According to Jane Roe, "the bridge will open in May."', "the bridge will open in May", "Jane Roe"),
    ('"The bridge will open in May," according to Jane Roe, the chair.', "The bridge will open in May", "Jane Roe"),
    ('After saying the old bridge was "falling apart at every joint," Jane Roe was taken on a tour of it.',
     "falling apart at every joint", "Jane Roe"),  # a fronted participle: the main clause's subject
    ('Conceding that a deal would come "somewhere down the line" Jane Roe warned: "Not this year."',
     "somewhere down the line", "Jane Roe"),
    ('Jane Roe rose again. She\u2019s claiming that the plan is "a waste of public money."',
     "a waste of public money", "Jane Roe"),  # a pronoun's 's is 'is'
    ('Jane Roe, who used to boast that the city had "the finest bridges in the state," voted no.',
     "the finest bridges in the state", "Jane Roe"),
    ('Jane Roe made a point of saying the bridge was "built by this town for this town."',
     "built by this town for this town", "Jane Roe"),
    ('Jane Roe spoke next, and she wanted to know, "Who will pay for the repairs?"', "Who will pay", "Jane Roe"),
    ('Jane Roe spoke next. Her claim that the bridge "will never carry trucks again" went unanswered.',
     "will never carry trucks again", "Jane Roe"),  # someone's claim, answer or promise
    ('The mayor\u2019s answer was that the bridge "will open before the winter comes."',
     "will open before the winter", "the mayor"),
    ('Members may not send proxies when voting "to fill a vacancy on the council," per the city charter.',
     "to fill a vacancy on the council", "the city charter"),  # 'per' after the closing mark
    # the nearest name is not the speaker
    ('Tom Hart was "out of his depth," Jane Roe said.', "out of his depth", "Jane Roe"),
    ('Jane Roe called the plan by Tom Hart "a disgrace to the city."', "a disgrace to the city", "Jane Roe"),
    # colons, credits, round-ups
    ('Jane Roe, Reuters: "We will not raise taxes."', "We will not raise taxes", "Jane Roe"),
    ('"We will not raise taxes." \u2015 Jane Roe', "We will not raise taxes", "Jane Roe"),
    # anonymous and organisations
    ('"We will not raise taxes," a city hall official said.', "We will not raise taxes", "a city hall official"),
    ('The Kremlin said: "We will not raise taxes."', "We will not raise taxes", "The Kremlin"),
    ('"We will not raise taxes," the Pentagon said.', "We will not raise taxes", "the Pentagon"),
    # a title capitalised in house style is a role, and names the person it was given to
    ('The Chancellor, Jane Roe, spoke first.\n\n"We will not raise taxes," the Chancellor said.',
     "We will not raise taxes", "Jane Roe"),
    ('"We will not raise taxes," the Foreign Secretary said.', "We will not raise taxes", "the Foreign Secretary"),
    ('"We will not raise taxes," the 43-year-old said.', "We will not raise taxes", "the 43-year-old"),
    # a relative named by first name has the family's name; a neighbour does not
    ("Roe's sister, Ana, described the plan as \"a disgrace.\"", "a disgrace", "Ana Roe"),
    ("Roe's neighbour, Tom, described the plan as \"a disgrace.\"", "a disgrace", "Roe's neighbour"),
    ('The Treasurer, Jane Roe, ruled out a rise, telling ABC Radio National that "we will not raise taxes."',
     "we will not raise taxes", "Jane Roe"),
    ('The council\'s finance director, Jane Roe, wrote to members, saying: "We will not raise taxes."',
     "We will not raise taxes", "Jane Roe"),
    ('Independent MP Jane Roe said: "We will not raise taxes."', "We will not raise taxes", "Jane Roe"),
    ('"We will not raise taxes," Det Insp Jane Roe said.', "We will not raise taxes", "Jane Roe"),
    ('Ch Supt Jane Roe said: "We will not raise taxes."', "We will not raise taxes", "Jane Roe"),
    ('"We will not raise taxes," said Democratic pollster Jane Roe.', "We will not raise taxes", "Jane Roe"),
    ('Prosecutor Jane Roe told the jury: "We will not raise taxes."', "We will not raise taxes", "Jane Roe"),
    ('"We will not raise taxes," Arsenal striker Jane Roe said.', "We will not raise taxes", "Jane Roe"),
    ('"We will not raise taxes," said the council\'s barrister, Jane Roe KC.', "We will not raise taxes", "Jane Roe"),
    # an eighth round: a question ends its sentence, and the clause after it naming someone else is its own
    ('"Taxes must rise," said Jane Roe. "No, they must not," replied Tom Hart. "Then who pays?" Roe asked.',
     "Then who pays", "Jane Roe"),
    ('Jane Roe took the stage.\n\n"Who is counting, right?" Roe joked, alluding to her cameo in "Bridge Builders."',
     "Who is counting", "Jane Roe"),  # a title in marks well past the clause leaves it a clause
    ('"We see no recession this year," Acme Bank strategists said in a report.', "We see no recession",
     "Acme Bank strategists"),
    ('Quarterback Jane Roe threw three touchdowns. "We came out hungry," Roe said.', "We came out hungry", "Jane Roe"),
    # whom someone quotes speaks, before the words or after them; a passive verb's agent after the words speaks
    ('"There is no quick fix," Reuters quoted central bank governor Jane Roe as saying.', "There is no quick fix",
     "Jane Roe"),
    ('Tom Hart quoted Jane Roe: "Never give in."', "Never give in", "Jane Roe"),
    ('Tom Hart was praised as "a true leader" by Jane Roe.', "a true leader", "Jane Roe"),
    ('The plan was described as "a disgrace" by opposition leader Jane Roe.', "a disgrace", "Jane Roe"),
    ('The plan has been branded "a waste of money" by the council on Monday.', "a waste of money", "the council"),
    # words remembered as someone else's; a document's signatories; the people a leader leads
    ('Jane Roe recalled her mother telling her: "Never borrow what you cannot repay."', "Never borrow",
     "her mother"),
    ('Tom Hart remembered his coach telling him, "Keep your head down and work."', "Keep your head down",
     "his coach"),
    ('The statement, signed by 40 senators, said: "We will not raise taxes."', "We will not raise taxes",
     "40 senators"),
    ('In a note, Acme Bank analysts led by Jane Roe said the stock was "deeply undervalued".', "deeply undervalued",
     "Acme Bank analysts"),
    # a possessive and a word for a person after a reporting verb: the reported clause's subject; a subordinate clause
    # opening the sentence keeps the words its own verb governs
    ('Jane Roe said her lawyer had told her: "Say nothing to anyone."', "Say nothing", "her lawyer"),
    ('While Tom Hart called the deal "historic," Jane Roe said it was "a betrayal."', "historic", "Tom Hart"),
    # sports epithets: a position with a word describing it, a team of several words and its captain
    ('Jane Roe, 31, retired on Friday. "It is time," the veteran defender said.', "It is time", "Jane Roe"),
    # (a past participle after the article describes the person: no verb of a clause)
    ('Jane Roe, 31, retired on Friday. "It is time," the experienced defender said.', "It is time", "Jane Roe"),
    ('Jane Roe was hurt on Friday. "It is time," the injured striker said.', "It is time", "Jane Roe"),
    ('Jane Roe watched the replay. "It is time," a flabbergasted Roe quipped.', "It is time", "Jane Roe"),
    ('Jane Roe was named player of the match. "I am proud of the girls," the All Blacks Sevens captain said.',
     "I am proud of the girls", "Jane Roe"),
    # a press release labels the words and gives whose they are; 'quoted X as writing' is X's
    ('Quote from Jane Roe, Director of Research, Acme Institute: "The data speak for themselves."', "The data speak",
     "Jane Roe"),
    ('Comment from Acme Bank: "We are reviewing the decision."', "We are reviewing", "Acme Bank"),
    ('The memo quoted Jane Roe as writing that the plan was "doomed from the start."', "doomed from the start",
     "Jane Roe"),
    # a monarch's or a pope's numeral is part of the name, not an acronym of a body
    ('Pope Leo XIV on Sunday called for "an end to all wars in the world."', "an end to all wars", "Leo XIV"),
    ('King Charles III spoke at the Cenotaph.\n\n"We will remember them," the King said.', "We will remember them",
     "Charles III"),
    # a conjunction alone before 'as X, who she is, put it'; a question's clause may run as long as a comma's
    ('Or, as Jane Roe, a former secretary of the treasury, put it: "We will not raise taxes."',
     "We will not raise taxes", "Jane Roe"),
    ('"Will we raise taxes, who knows?" Jane Roe told the Springfield Daily in an interview aired on Monday when asked '
     'how the budget would fare.', "Will we raise taxes", "Jane Roe"),
    # an adverb between a name and its participle
    ('Supporters pushed a protester out, with Jane Roe reportedly yelling: "Get him out of here right now!"',
     "Get him out of here", "Jane Roe"),
    ('Jane Roe and Tom Hart have used the most aggressive language about the tax, with Roe recently promising to '
     '"tax them into oblivion."', "tax them into oblivion", "Jane Roe"),
    # a clause that ends on a conjunction and a name: the name is the subject of the verb after the aside
    ('The issue came up after Jane Roe, asked about the deaths of workers under Tom Hart, had said, "Our city does '
     'plenty of harm also."', "Our city does plenty of harm", "Jane Roe"),
    # what a campaign calls its people is a title: 'candidate', 'nominee', 'hopeful', 'challenger', 'incumbent'
    ('Republican candidate Jane Roe said that Hart is a "good, decent man," and said that Tom Ruiz "melted down last '
     'night."', "melted down last night", "Jane Roe"),
    ('Candidate Jane Roe spoke first.\n\n"We will win this state," Roe said.', "We will win this state", "Jane Roe"),
    # court reports: whom the court heard say the words, the verb in its bare form
    ('Jane Roe was charged in May.\n\nThe jury heard Roe tell police in an interview: "I was never there."',
     "I was never there", "Jane Roe"),
    ('Neighbours heard a man shout: "Get out of my house!"', "Get out of my house", "a man"),
    # a title's initials stand for the other words news writes for it ('finance chief' is the CFO)
    ("Acme's finance chief, Jane Roe, told analysts the margin was \"a blip.\" \"It will recover,\" the CFO said.",
     "It will recover", "Jane Roe"),
    # a lede's pronoun with nobody before it is the person named next, as a subject, in the sentences right after
    ('"We are ready for this fight," she said. Jane Roe, 44, had waited ten years for the verdict.',
     "We are ready for this fight", "Jane Roe"),
    # a title before the name of someone introduced by a tie is no part of the name
    ('"The evidence is clear," Dr. Ana Ruiz said. Her colleague, Dr. Tom Hart, was less sure. "We need more data," '
     'he said.', "We need more data", "Tom Hart"),
    # 'X quoted Y as saying': Y speaks
    ('The Guardian quoted Deputy Mayor Jane Roe as saying the plan was "dead on arrival".', "dead on arrival",
     "Jane Roe"),
    ('"We will not raise taxes," Tory MPs said in a letter.', "We will not raise taxes", "Tory MPs"),
    # an organisation called by what it is: the one the article named
    ('Shares in Deutsche Bank rose on Monday. "We will not raise fees," the bank said.', "We will not raise fees",
     "Deutsche Bank"),
    ('The Ministry of Transport said: "We will not raise taxes." The ministry added that "no decision has been '
     'made".', "no decision has been made", "The Ministry of Transport"),
    ('Acme Energy Ltd said 5,000 homes had lost power. In a statement, the company said crews would work "around the '
     'clock" to restore supplies.', "around the clock", "Acme Energy Ltd"),
    ('The Ministry of Transport said: "We will not raise taxes."', "We will not raise taxes",
     "The Ministry of Transport"),
    ('"We will not raise taxes," the Secretary of State said.', "We will not raise taxes", "the Secretary of State"),
    # a surname that is also a word for a place or a body, when a title describes the person; a title is nobody
    ('"We will not raise taxes," said Helen Park, Chief Executive Officer of Acme Robotics.',
     "We will not raise taxes", "Helen Park"),
    ('"We will not raise taxes," said Stuart Hall, a professor at the Open University.', "We will not raise taxes",
     "Stuart Hall"),
    ('"We will not raise taxes," added Tom Hart, Managing Director.', "We will not raise taxes", "Tom Hart"),
    # British usage: 'Sir' and 'Dame' go with the first name
    ('Labour leader Sir Jon Roe spoke first.\n\n"We will not raise taxes," Sir Jon said.', "We will not raise taxes",
     "Jon Roe"),
    # the particles of a name are in lower case, and a name may open a sentence with them capitalised
    ('Commission President Ursula von der Hoven signed the deal.\n\nVon der Hoven called it "a signal to the world."'
     '\n\n"It works," von der Hoven said.', "It works", "Ursula von der Hoven"),
    ('Readers wrote in.\n\n"We will not raise taxes," wrote one, Jane Roe.', "We will not raise taxes", "Jane Roe"),
    ('Jane Roe said: \u201eWe will not raise taxes.\u201c', "We will not raise taxes", "Jane Roe"),  # German marks
    # the words of someone, by name: quoted, or in their words; a generational suffix is part of the name
    ('In the words of Jane Roe Jr., "the budget is a moral document and we will keep it balanced."',
     "the budget is a moral document", "Jane Roe Jr."),
    ('Or, to quote the poet Jane Roe: "We will not raise taxes."', "We will not raise taxes", "Jane Roe"),
    ('Rep. Tom Hart Jr. spoke first.\n\n"We will not raise taxes," Hart said.', "We will not raise taxes",
     "Tom Hart Jr."),
    # a royal title with the first name, as 'Sir' has it; the people of a body are not a person of its name
    ('Energy Minister Prince Faisal bin Roe spoke first.\n\n"We will not raise taxes," Prince Faisal said.',
     "We will not raise taxes", "Faisal bin Roe"),
    ('Acme Capital analysts wrote in a note that the move was "largely priced in".', "largely priced in",
     "Acme Capital analysts"),
    # a surname is the person whose surname it is, more than one whose double surname starts with it
    ('Dr. Jane Ellis founded the clinic. Her daughter, Ann Ellis-Hart, spoke.\n\nDr. Ellis grew up on a farm. '
     '"We had no doctor," she said in 1998.', "We had no doctor", "Jane Ellis"),
    # a body's name after 'of' may hold an 'and': the person before it speaks
    ('In a statement, Det Insp Jane Roe of Avon and Somerset Police said: "We will not raise taxes."',
     "We will not raise taxes", "Jane Roe"),
    ('Tom Hart of the Bill and Melinda Gates Foundation said: "We will not raise taxes."', "We will not raise taxes",
     "Tom Hart"),
    # sports writing's epithets: the position or the team's boss is the person just named
    ('Jane Roe scored twice on Saturday. "It was a hard game," the striker told Sky Sports.', "It was a hard game",
     "Jane Roe"),
    ('Jane Roe watched from the touchline.\n\nThe Rovers boss said: "We will not raise taxes."',
     "We will not raise taxes", "Jane Roe"),
    ('Rovers manager Jane Roe spoke first. Tom Hart said little.\n\n"It was a hard game," the Rovers manager said.',
     "It was a hard game", "Jane Roe"),
    # a minister's brief is part of the title (Irish, British, Australian, Indian usage)
    ('Minister for Housing Jane Roe spoke first.\n\n"We will not raise taxes," Ms Roe said.',
     "We will not raise taxes", "Jane Roe"),
    ('Secretary of State for Health Jane Roe said: "We will not raise taxes."', "We will not raise taxes", "Jane Roe"),
    ('Prime Minister Jane Roe spoke first.\n\nPM Roe said, "We will not raise taxes."', "We will not raise taxes",
     "Jane Roe"),
    # verbs joined by 'and' share the subject, and the name set off after it
    ('The health secretary, Jane Roe, said the strike was \u2018disappointing\u2019 and urged the union to \u2018get '
     'back round the table\u2019.', "get back round the table", "Jane Roe"),
    ('Jane Roe caught the winning touchdown.\n\n"He\'s the best in the world," the tight end said.',
     "He's the best in the world", "Jane Roe"),
    # a month or an auxiliary in a name: 'Theresa May', 'Will Hurd', 'Ai Jun' are people
    ('Prime Minister Jane May spoke in Downing Street on Monday.\n\n"We will not raise taxes," Mrs May said.',
     "We will not raise taxes", "Jane May"),
    ('"We will not raise taxes," said Will Roe, a Republican.', "We will not raise taxes", "Will Roe"),
    ('"We will not raise taxes," columnist Ai Jun wrote in the Global Times.', "We will not raise taxes", "Ai Jun"),
    # a capitalised run ends with its sentence: 'in July. Roe' is no name
    ('Tom Hart spoke first.\n\nHe later met President Jane Roe. Hart said: "We will not raise taxes."',
     "We will not raise taxes", "Tom Hart"),
    ('Democratic Sens. Jane Roe and Tom Hart wrote a letter.\n\n"We will not raise taxes," Roe said.',
     "We will not raise taxes", "Jane Roe"),
    # a body's name, a word for the unnamed, what someone is before their name
    ('Parent Jane Roe, whose son is in Grade 8, spoke first.\n\n"We will not raise taxes," Roe said.',
     "We will not raise taxes", "Jane Roe"),
    # a name set off after an object is no subject for a later pronoun
    ('Council member Jane Roe led the opposition. She met with the developer, Tom Hart, twice last month.\n\n'
     '"We asked for guarantees and we got none," she said.', "We asked for guarantees", "Jane Roe"),
    # a surname joined to its particle: 'el-Sisi', 'al-Assad', "d'Alema"
    ('Egyptian President Abdel Fattah el-Roe spoke first.\n\n"We will not raise taxes," el-Roe said.',
     "We will not raise taxes", "Abdel Fattah el-Roe"),
    # whose someone is comes before the name, not in it; 'in X's words' are X's
    ('Labour\u2019s Jane Roe has told the BBC the party is "on course for a historic result".',
     "on course for a historic result", "Jane Roe"),
    ('The summit came to Leeds because, in Acme\u2019s words, \u201cit is the most inventive city in Europe.\u201d',
     "it is the most inventive city", "Acme"),
    ('In Jane Roe\'s own words, "we will not raise taxes this year or next."', "we will not raise taxes", "Jane Roe"),
    # a clause ending in a colon, the name set off after its subject
    ("Tom Hart's campaign manager, Jane Roe, sent a statement: \"We will not raise taxes.\"", "We will not raise taxes",
     "Jane Roe"),
    # a speech noun owned by someone holds their words
    ('Jane Roe was asked about the plan.\n\nRoe\u2019s response was: \u201cWe will not raise taxes.\u201d',
     "We will not raise taxes", "Jane Roe"),
    ("Jane Roe's response was blunt: \"We will not raise taxes.\"", "We will not raise taxes", "Jane Roe"),
    # 'her' owns, it does not say who is a woman: 'Her deputy, Tom Hart' is a man
    ('Jane Roe, the council leader, was unequivocal. "We will not raise taxes," she said. Her deputy, Tom Hart, '
     'agreed. "Not this year," he said.', "Not this year", "Tom Hart"),
    ('Jane Roe is not a politician. "I just want my bins collected," the 45-year-old mother of three said.',
     "I just want my bins collected", "Jane Roe"),
    # a title in one hyphenated word
    ('UN Secretary-General Jane Roe: "We will not raise taxes."', "We will not raise taxes", "Jane Roe"),
    ('"We will not raise taxes," said Post Editor-in-Chief Jane Roe.', "We will not raise taxes", "Jane Roe"),
    # two speakers in one sentence, joined by 'while': each quotation to its own clause
    ('Tom Hart said the plan was "prudent", while Ms Jane Roe, an economist at Acme Bank, told the Guardian: '
     '"It may come at a difficult time."', "It may come at a difficult time", "Jane Roe"),
    ('Tom Hart said the plan was "prudent", while Ms Jane Roe, an economist at Acme Bank, told the Guardian: '
     '"It may come at a difficult time."', "prudent", "Tom Hart"),
    # a name and a number is a numbered thing, not a person; before a role word, who speaks is unnamed
    ('A Number 10 spokesperson said: "We will not raise taxes."', "We will not raise taxes",
     "a Number 10 spokesperson"),
    ('"We will not raise taxes," a Channel 4 spokesman said.', "We will not raise taxes", "a Channel 4 spokesman"),
    ('Article 33 affirms: "No state shall raise taxes."', "No state shall raise taxes", "Article 33"),
    ('On September 27 Jane Roe wrote: "We will not raise taxes."', "We will not raise taxes", "Jane Roe"),
    # a title before a single name that is the whole of it; the title's other word finds the person
    ('Pope Francis arrived in Lisbon on Wednesday.\n\n"We will not raise taxes," the pontiff told the crowd.',
     "We will not raise taxes", "Francis"),
    ('Saudi Prince Jane Roe Bin Hart spoke first.\n\n"We will not raise taxes," tweeted Prince Jane.',
     "We will not raise taxes", "Jane Roe Bin Hart"),
    # court reports, regions and pairs: who 'the defendant', 'the Catalan', 'the former' and 'the latter' are
    ('Jane Roe, 32, of Leeds, admitted the offence.\n\n"I am deeply sorry," the defendant told the court.',
     "I am deeply sorry", "Jane Roe"),
    ('Manchester City manager Jane Roe was asked about the injury. "It is not good news," the Catalan said.',
     "It is not good news", "Jane Roe"),
    ('Jane Roe and Tom Hart met on Monday. "We agreed on nothing," said the former. "Nothing at all," the latter '
     'added.', "We agreed on nothing", "Jane Roe"),
    ('Tom Hart and Jane Roe met on Monday. "We agreed on nothing," said the former. "Nothing at all," the latter '
     'added.', "Nothing at all", "Jane Roe"),
    # peerages and honorifics of other countries are titles, not names ('Earl' and 'Baron' are also first names)
    ('Baroness Roe said: "We will not raise taxes."', "We will not raise taxes", "Roe"),
    ('Cllr Jane Roe said: "We will not raise taxes."', "We will not raise taxes", "Jane Roe"),
    ('Shri Jane Roe said: "We will not raise taxes."', "We will not raise taxes", "Jane Roe"),
    ('Datuk Seri Jane Roe said: "We will not raise taxes."', "We will not raise taxes", "Jane Roe"),
    ('Rep. Earl Roe said: "We will not raise taxes."', "We will not raise taxes", "Earl Roe"),
    # a transcript's turn labelled with a part, not a name
    ('HOST: Welcome back. Will you raise taxes?\nROE: We will not raise taxes.', "Welcome back", "the host"),
    ('HOST: Welcome back. Will you raise taxes?\nROE: We will not raise taxes.', "We will not raise taxes", "Roe"),
    # the owner of the words, named after them or before them
    ('"We will not raise taxes" \u2014 those were the words of Mayor Jane Roe on Tuesday.', "We will not raise taxes",
     "Jane Roe"),
    ('"We will not raise taxes." That was the message from Mayor Jane Roe.', "We will not raise taxes", "Jane Roe"),
    # people in the plural, after an inverted verb; 'state' before a noun is no verb
    ('"We will not raise taxes," say analysts at the bank.', "We will not raise taxes", "analysts at the bank"),
    ('"We will not raise taxes," said economists.', "We will not raise taxes", "economists"),
    ('"We will not raise taxes," said officials were unsure of the plan.', "We will not raise taxes", None),
    ('"We will not raise taxes," state officials said.', "We will not raise taxes", "state officials"),
    ('"We will not raise taxes," state television quoted Jane Roe as saying.', "We will not raise taxes", "Jane Roe"),
    ('"We will not raise taxes," Interfax cited Jane Roe as saying.', "We will not raise taxes", "Jane Roe"),
    # a sentence of attribution inverted by an adverb
    ('"We will not raise taxes." So said Mayor Jane Roe, who has led the council since 2019.', "We will not raise taxes",
     "Jane Roe"),
    ('"We will not raise taxes." Thus spoke Jane Roe.', "We will not raise taxes", "Jane Roe"),
    ('"We will not raise taxes." So the council voted to borrow.', "We will not raise taxes", None),
    ("Jane Roe's message to residents was clear: \"We will not raise taxes.\"", "We will not raise taxes", "Jane Roe"),
    ("Jane Roe's verdict: \"We will not raise taxes.\"", "We will not raise taxes", "Jane Roe"),
    ('"We will not raise taxes," was Jane Roe\'s reply.', "We will not raise taxes", "Jane Roe"),
    ('"We will not raise taxes," came the reply from Jane Roe.', "We will not raise taxes", "Jane Roe"),
    # an article and words describing her, then her surname
    ('Jane Roe spoke after the vote.\n\n"We will not raise taxes," said a clearly frustrated Roe.',
     "We will not raise taxes", "Jane Roe"),
    ('"We will not raise taxes," said a longtime adviser to Jane Roe.', "We will not raise taxes",
     "a longtime adviser to Jane Roe"),
    # what someone does is no part of their name ('Actor', 'Comedian', 'Journalist' before it)
    ('Actor Jane Roe, 52, wrote on Instagram: "We will not raise taxes."', "We will not raise taxes", "Jane Roe"),
    ('"We will not raise taxes," said comedian Jane Roe.', "We will not raise taxes", "Jane Roe"),
    # a document speaks for its owner
    ('"We are heartbroken," read a statement from the Roe family.', "We are heartbroken", "the Roe family"),
    ('"We are heartbroken," the Roe family\'s statement read.', "We are heartbroken", "the Roe family"),
    # a credit after a spaced hyphen, as scraped pages print a dash; a gloss after one is no credit
    ('"We will not raise taxes." - Jane Roe, mayor', "We will not raise taxes", "Jane Roe"),
    ('Jane Roe waved as the crowd shouted "Do svidaniya!" - Russian for "goodbye."', "Do svidaniya", "the crowd"),
    # the subject of a passive verb is spoken of, not the speaker
    ('The new levy was branded "a tax on hope" by the opposition, Jane Roe said.', "a tax on hope", "Jane Roe"),
    # a fifth round: a noun in -ly heads the phrase ('the family' is no adverb 'family'), a word that qualifies a
    # title is the title's, a person of someone named in full, the content of someone's call or claim
    ('The family said they were "devastated by the loss of our son".', "devastated by the loss", "the family"),
    ('The Roe family said they were "devastated by the loss of our son".', "devastated by the loss",
     "the Roe family"),
    ('"We are seeing strong demand," Chief Executive Jane Roe said on a call with analysts.', "strong demand",
     "Jane Roe"),
    ('Jane Roe\'s representative told reporters the couple were "doing great".', "doing great",
     "Jane Roe's representative"),
    ('The rally denounced Jane Roe\'s call for "a total ban on new bridges."', "a total ban", "Jane Roe"),
    ('Tom Hart mocked Jane Roe\'s claim that the bridge was "a bargain at any price."', "a bargain", "Jane Roe"),
    ('Tom Hart said Jane Roe\'s comments "are based on opinion, not facts."', "are based on opinion", "Tom Hart"),
    ('Tom Hart called Jane Roe\'s claim that the bridge was cheap as "a fairy tale."', "a fairy tale", "Tom Hart"),
    ('Tom Hart wrote a letter that bluntly described the plan as "a waste of public money."', "a waste of public",
     "Tom Hart"),
    ('"We will not raise taxes," was all Jane Roe would say.', "We will not raise taxes", "Jane Roe"),
    ('"We will not raise taxes," is how Jane Roe put it.', "We will not raise taxes", "Jane Roe"),
    ('Jane Roe \u2013 who was elected in May \u2013 said: "We will not raise taxes."', "We will not raise taxes",
     "Jane Roe"),
    ('Jane Roe -- who was elected in May -- said: "We will not raise taxes."', "We will not raise taxes", "Jane Roe"),
    ('A former mayor -- Jane Roe, who lost the 2019 election -- said the plan "will not raise taxes."',
     "will not raise taxes", "Jane Roe"),
    # a name before a word for a person modifies it: the person is not the one named
    ('Jane Roe spoke first.\n\n"We will not raise taxes," one Roe confidant said.', "We will not raise taxes",
     "one Roe confidant"),
    ('Jane Roe spoke first.\n\n"We will not raise taxes," said a Roe supporter.', "We will not raise taxes",
     "a Roe supporter"),
    ('Jane Roe\'s mother, Mary, told reporters: "We will not raise taxes."', "We will not raise taxes", "Mary Roe"),
    ('"We will not raise taxes," Tánaiste Jane Roe said.', "We will not raise taxes", "Jane Roe"),
    # a quotation inside the speaker's relative clause or appositive: the clause after it still has her as subject
    ('Jane Roe, who called the plan "a disgrace," said: "We will not raise taxes."', "We will not raise taxes",
     "Jane Roe"),
    ('Jane Roe, whom Tom Hart called "a rock", said: "We will not raise taxes."', "We will not raise taxes",
     "Jane Roe"),
    ('Jane Roe, who was "shocked" by the result, said: "We will not raise taxes."', "We will not raise taxes",
     "Jane Roe"),
    ('The mayor, who has called the bridge "a vanity project," said the city "cannot afford it."',
     "a vanity project", "the mayor"),
    ('Jane Roe runs the bakery.\n\nHer son, Diego, agrees. "We will not raise prices," he says.',
     "We will not raise prices", "Diego"),
    ('Jane Roe runs the bakery.\n\nHer son, Diego, said: "We will not raise prices."', "We will not raise prices",
     "Diego"),
    ('Mexicans often say, "God is too far away."', "God is too far away", "Mexicans"),
    ('Others, reacting to the vote, shouted, "We will not raise taxes!"', "We will not raise taxes", "Others"),
    ('"We will not raise taxes," council delegate Jane Roe, wearing a "Vote Roe" badge, said as the meeting ended.',
     "We will not raise taxes", "Jane Roe"),
    ('One of the authors of that 2013 report, Jane Roe, said the bridge "will not raise taxes."',
     "will not raise taxes", "Jane Roe"),
    ('"We will not raise taxes," said Gen. Jane Roe, commander of the garrison, adding that troops were "on alert."',
     "on alert", "Jane Roe"),
    ('"It is a mess," one resident, Tom Hart, said. Another, Jane Roe, added: "We will not raise taxes."',
     "We will not raise taxes", "Jane Roe"),
    # a message from someone, or said to be someone's; an answer that is simple is nobody's
    ('"We will not raise taxes" is the message from Jane Roe.', "We will not raise taxes", "Jane Roe"),
    ('The message from Jane Roe was clear: "We will not raise taxes."', "We will not raise taxes", "Jane Roe"),
    ('For Jane Roe, the answer is simple: "We will not raise taxes."', "We will not raise taxes", "Jane Roe"),
    ('A Whitehall source said: "We will not raise taxes."', "We will not raise taxes", "a Whitehall source"),
    ('"We will not raise taxes," said a resident who gave her name only as Olena.', "We will not raise taxes",
     "Olena"),
    ('"We will not raise taxes," a Pentagon official said.', "We will not raise taxes", "a Pentagon official"),
    ('"We will not raise taxes," said an Acme executive.', "We will not raise taxes", "an Acme executive"),
    # an aside between dashes after the quotation, before or after the verb
    ('"We will not raise taxes," Jane Roe \u2014 who was elected in May \u2014 said on Monday.', "We will not raise taxes",
     "Jane Roe"),
    ('"We will not raise taxes," Jane Roe - who was elected in May - said on Monday.', "We will not raise taxes",
     "Jane Roe"),
    ('"We will not raise taxes," said Jane Roe \u2014 the council\'s leader since May \u2014 on Monday.',
     "We will not raise taxes", "Jane Roe"),
    # a speaker inside the relative clause; what a verb after the words denies is no speaker
    ('Tom Hart, who Jane Roe said was "a liar," denied the claim.', "a liar", "Jane Roe"),
    # 'go on' introduces words only before punctuation, a quotation or 'to' ('went on to say')
    ('Jane Roe said that once the Senate goes on recess, "I intend to do as much as I can."', "I intend to do",
     "Jane Roe"),
    # a surname that is also a word for a body ('Hall', 'Read', 'Cross'), after a given name; a Korean name, whose
    # family name comes first
    ('Acme chief executive Ian Read said: "We will not raise prices."', "We will not raise prices", "Ian Read"),
    ('Jane Hall met the press.\n\n"We will not raise taxes," Hall said.', "We will not raise taxes", "Jane Hall"),
    ('"We will not raise taxes," said Park Geun-hye.', "We will not raise taxes", "Park Geun-hye"),
    ('President Park Geun-hye met the press.\n\n"We will not raise taxes," Park said.', "We will not raise taxes",
     "Park Geun-hye"),
    ('Ban Ki-moon met the press.\n\n"We will not raise taxes," Ban said.', "We will not raise taxes", "Ban Ki-moon"),
    # an introductory participle whose phrase holds an aside between dashes, then the subject
    ('Marking the end of the season with a speech -- complete with teleprompter -- Roe told supporters that "we '
     'close one chapter."', "we close one chapter", "Roe"),
    # 'state' before a capitalised title is an adjective, not the verb
    ('"We will not raise taxes," state Rep. Tom Hart (R-Wichita) said in a floor speech.', "We will not raise taxes",
     "Tom Hart"),
    ('"We will not raise taxes," said a spokesman for state Attorney General Jane Roe.', "We will not raise taxes",
     "a spokesman for state Attorney General Jane Roe"),
    # a possessive pronoun's document: whose words they are
    ('Jane Roe spoke after the vote. Her message was blunt: "We will not raise taxes."', "We will not raise taxes",
     "Jane Roe"),
    ('Her message was blunt: "We will not raise taxes."', "We will not raise taxes", None),
    # what the tabloids put before a name
    ('Mum-of-two Jane Roe, 42, from Leeds, said: "We will not raise taxes."', "We will not raise taxes", "Jane Roe"),
    # a court report's 'the accused' (a past form of 'accuse' that is a noun after 'the')
    ('"I have done nothing wrong," the accused told the court.', "I have done nothing wrong", "the accused"),
    # a title by its initials, or written in lower case before the name, and the person it stands for later
    ('Prime Minister Jane Roe visited the town.\n\n"We will not raise taxes," the PM said.',
     "We will not raise taxes", "Jane Roe"),
    # a lower-case title may name the body the role is of
    ('On Monday, union leader Jane Roe met ministers.\n\n"We are no closer," the union leader said.', "We are no closer",
     "Jane Roe"),
    ('After the match, club captain Jane Roe signed for two more years.\n\n"We let you down," the club captain said.',
     "We let you down", "Jane Roe"),
    ('Acme chief executive Jane Roe unveiled the plan.\n\n"We will not raise prices," the CEO said.',
     "We will not raise prices", "Jane Roe"),
    ('Acme CEO Jane Roe unveiled the plan.\n\n"We will not raise prices," the chief executive said.',
     "We will not raise prices", "Jane Roe"),
    ('State Chief Minister Jane Roe hit out at the plan.\n\n"We will not raise taxes," the CM said.',
     "We will not raise taxes", "Jane Roe"),
    # wire copy's word for a company's trade: the company that opened a sentence just before
    ('Acme Motor Corp reported record profits on Wednesday.\n\n"Demand remains strong," the carmaker said.',
     "Demand remains strong", "Acme Motor Corp"),
    ('Northgate Airways cancelled 300 flights.\n\n"We apologise to customers," the airline said.',
     "We apologise to customers", "Northgate Airways"),
    ('Shares of Acme Holdings fell 5 per cent.\n\n"We are disappointed," the lender said.',
     "We are disappointed", "Acme Holdings"),
    ('Roe & Co agreed to pay $3 million.\n\n"We are committed to doing what is right," the company said.',
     "doing what is right", "Roe & Co"),
    ('The Reserve Bank of Ruritania kept rates unchanged.\n\n"Inflation remains a concern," the central bank said.',
     "Inflation remains a concern", "Reserve Bank of Ruritania"),
    # Canadian and police ranks abbreviated with a full stop, which neither end the sentence nor are the person
    ('"It\'s a sad day for the ward," said Coun. Jane Roe, who represents it.', "sad day for the ward", "Jane Roe"),
    ('"We have never seen anything like it," said Const. Jane Roe of the RCMP.', "never seen anything", "Jane Roe"),
    ('"It is about time," said Ald. Tom Hart, whose ward includes the site.', "It is about time", "Tom Hart"),
    ('"We will appeal the ruling," said Atty. Jane Roe.', "We will appeal the ruling", "Jane Roe"),
    # whom or where someone speaks for is not who speaks
    ('"We have no comment," the spokesman for Jane Roe said.', "We have no comment", "the spokesman for Jane Roe"),
    ('"It is a scandal," the MP for Bristol West said.', "It is a scandal", "the MP for Bristol West"),
    ('"It is a scandal," one longtime adviser to Tom Hart said.', "It is a scandal",
     "one longtime adviser to Tom Hart"),
    ('The MP for Bristol West, Jane Roe, said: "It is a scandal."', "It is a scandal", "Jane Roe"),
    ('"We have no comment," an attorney representing Jane Roe said.', "We have no comment",
     "an attorney representing Jane Roe"),
    # reported speech that introduces the words itself: the words are the reported speaker's
    ('Jane Roe said Tom Hart told her: "You will never work in this town again."', "never work in this town",
     "Tom Hart"),
    ('Jane Roe said that Tom Hart had warned her, "Do not trust him."', "Do not trust him", "Tom Hart"),
    ('Asked about it, Tom Hart said: "That is nonsense."', "That is nonsense", "Tom Hart"),
    # two speakers' clauses between two quotations: the second is no second part of the first
    ('"We won tonight," Jane Roe told supporters in Leeds, while Tom Hart insisted: "This race is far from over."',
     "This race is far from over", "Tom Hart"),
    ('"We won tonight," Jane Roe told supporters in Leeds, while Tom Hart insisted: "This race is far from over."',
     "We won tonight", "Jane Roe"),
    # occupations the lexicon lacked: a title before the name, whose words, people of a trade
    ('"We have no comment," said Jane Roe\'s publicist.', "We have no comment", "Jane Roe's publicist"),
    ('Firefighter Tom Hart said: "It was chaos."', "It was chaos", "Tom Hart"),
    ('Corporate lobbyists describe such work as "a different cup of tea" than the usual.', "a different cup of tea",
     "Corporate lobbyists"),
    # ninth round: a Dail deputy's letters before the name after a party of two words (was an organisation); the
    # particles a surname opens with in mid-sentence (gave "Hag" with the role "ten"); 'the late' (gave nobody named)
    ('Fine Gael TD Neale Richmond said: "We have always been clear on this."', "We have always been clear",
     "Neale Richmond"),
    ('Social Democrats TD R\u00f3is\u00edn Shortall said: "It is a scandal."', "It is a scandal",
     "R\u00f3is\u00edn Shortall"),
    ('"We created enough chances," ten Hag told reporters.', "We created enough chances", "ten Hag"),
    ('"We created enough chances," said Erik ten Hag, the manager.', "We created enough chances", "Erik ten Hag"),
    ('"The squad is ready," de la Fuente said.', "The squad is ready", "de la Fuente"),
    ('"Libraries are the lifeblood of a town," as the late John McGahern once wrote.', "Libraries are the lifeblood",
     "John McGahern"),
    ('"It was a fair result," said the late Tom Hart, a former mayor.', "It was a fair result", "Tom Hart"),
    ('"It was a fair result," said David Steel, the former Liberal leader.', "It was a fair result", "David Steel"),
    # a place after the name of someone described by a noun the lexicon lacked (gave the person 'Galway')
    ('On Monday, beekeeper Jane Roe of Galway said: "The hives are empty."', "The hives are empty", "Jane Roe"),
    # a minister's brief and a member's seat after 'for' (gave the body 'Secretary of State', 'Wales Jo Stevens',
    # 'Ireland Hilary Benn' and 'Bristol West Thangam Debbonaire')
    ('"We will act," said Secretary of State for Health Wes Streeting.', "We will act", "Wes Streeting"),
    ('Secretary of State for Wales Jo Stevens said: "We will act."', "We will act", "Jo Stevens"),
    ('"We will act," said Secretary of State for Northern Ireland Hilary Benn.', "We will act", "Hilary Benn"),
    ('On Friday the Labour MP for Bristol West Thangam Debbonaire said: "We will act."', "We will act",
     "Thangam Debbonaire"),
    ('In a letter, reader Jane Roe of Galway writes: "Your coverage has been superb."', "Your coverage", "Jane Roe"),
    ('"We will fight on," Greens leader Richard Di Natale said.', "We will fight on", "Richard Di Natale"),
    # tenth round: a Welsh 'ap' in mid-name (gave the person 'Plaid Cymru'), initials without full stops between a
    # given name and a surname (gave nobody)
    ('Plaid Cymru leader Rhun ap Iorwerth said: "This is a climbdown."', "This is a climbdown", "Rhun ap Iorwerth"),
    ('Welsh Conservative leader Andrew RT Davies said: "It should be scrapped."', "It should be scrapped",
     "Andrew RT Davies"),
    # a time the sentence opens on without a comma is no part of the subject (gave Jane Roe, 'for' read as opening it)
    ('On Friday a spokesman for Jane Roe said: "She will not resign."', "She will not resign",
     "a spokesman for Jane Roe"),
    # a short capitalised function word inside a sentence opens a name (was the anonymous "Vietnam's top leader To
    # Lam"), and a wire's credit in parentheses after the paragraph (the paragraph was read as a heading)
    ('"We will deepen our ties," Vietnam\'s top leader To Lam said.', "We will deepen our ties", "To Lam"),
    ('"This is a photo opportunity," Congress leader Jairam Ramesh said. (ANI)', "This is a photo opportunity",
     "Jairam Ramesh"),
    # the name a person goes by, given in an appositive (was the organisation 'AMLO')
    ('President Andr\u00e9s Manuel L\u00f3pez Obrador, known as AMLO, spoke on Monday. "Never," AMLO said.', "Never",
     "Andr\u00e9s Manuel L\u00f3pez Obrador"),
    ('Jane Roe, better known as JR, spoke on Monday. "We are ready," JR said.', "We are ready", "Jane Roe"),
]


@pytest.mark.parametrize("text, words, speaker", FORMS)
def test_each_form_of_attribution_names_its_speaker(text, words, speaker):
    records = extract_article(Article(id="form", text=INTRO + text + "\n"))
    [record] = [r for r in records if words in r["text"]]
    assert (record["speaker"] or {}).get("name") == speaker, record["attribution"]


# Several sentences: who speaks carries on, and stops.
CONTINUES = [
    # an unnamed person who just spoke is the 'he' or 'she' that goes on; one who asked is not who answers
    ('A spokeswoman for the council said the road would reopen.\n\n"We apologise for the delay," she added.',
     "We apologise for the delay", "a spokeswoman for the council"),
    ('A police spokesman said officers were called at 9pm. He added: "Enquiries are ongoing."',
     "Enquiries are ongoing", "a police spokesman"),
    ('A spokesperson for the agency said teams had worked all night. "Our thoughts are with everyone," they said.',
     "Our thoughts are with everyone", "a spokesperson for the agency"),
    ('Officials said the road was closed. "It will take a week," they said.', "It will take a week", None),
    ('Tom Hart spoke to voters. A reporter asked Hart how he felt. He replied: "The bigger the turnout, the better."',
     "The bigger the turnout", "Tom Hart"),
    # what an appositive said someone is, for 'the owner', 'the coach', 'the Republican' later
    ('Jane Roe, the club\'s owner, watched from the stands. "We were robbed," the owner said.', "We were robbed",
     "Jane Roe"),
    ('The coach, Tom Hart, was furious.\n\n"We were robbed," the coach said.', "We were robbed", "Tom Hart"),
    ('Jane Roe, a Democrat, faces Tom Hart, a Republican, in November. "I will win," the Republican said.',
     "I will win", "Tom Hart"),
    # a quotation over several paragraphs continues from the paragraph before its first one
    ('Jane Roe, the council leader, was defiant.\n\n"We are not giving up.\n\n"The plan is the wrong one."',
     "We are not giving up", "Jane Roe"),
    ('"The vote was close," Jane Roe said. Tom Hart sat down.\n\n"We are not giving up.\n\n"The plan is wrong."',
     "We are not giving up", "Jane Roe"),
    ('Jane Roe spoke after the vote.\n\n"We will not raise taxes," she said. "Not this year, not next year."',
     "Not this year", "Jane Roe"),
    ('"We will not raise taxes," said Jane Roe. Then, "not this year and not next year either."',
     "not this year and not next year", "Jane Roe"),
    ('"We will not raise taxes," said Jane Roe. Later, the "spending plan would have to shrink by half," '
     'she added.', "spending plan would have to shrink", "Jane Roe"),
    ('Jane Roe is confident the bridge will be built.\n\n"We have the money and we have the will."',
     "We have the money", "Jane Roe"),
    ('Jane Roe spoke first.\n\n"We will not raise taxes," said Tom Hart, the treasurer.\n\n'
     '"Not this year."', "Not this year", "Tom Hart"),
    ('Tom Hart spoke first. Jane Roe said the plan would fail. Raising the toll "would drive every driver away."',
     "would drive every driver away", "Jane Roe"),  # the sentence before names who said it
    ('Don Hale, who has backed Jane Roe since her first race, spoke.\n\n"We must be ready," he said.',
     "We must be ready", "Don Hale"),  # 'her' in his appositive is about someone else
    # an epithet for the person just named ('the Italian', 'the 43-year-old'); a photo credit names nobody
    ('Tom Hart spoke first. Chelsea boss Jane Roe was less impressed.\n\n"It was a penalty," the Italian said.',
     "It was a penalty", "Jane Roe"),
    ('Jane Roe, who starred in the film, posted the clip.\n\nTom Hart via Getty Images.\n\n'
     '"Why not?" the 43-year-old asked.', "Why not?", "Jane Roe"),
    ('Jane Roe drew close to, or even ahead of, front-runner Tom Hart.\n\n"We will win," she said.',
     "We will win", "Jane Roe"),
    # a first name after the full name (features), only when one person of the article has it
    ('Jane Roe opens the cafe at six.\n\n"People think we are mad," Jane said.', "People think we are mad",
     "Jane Roe"),
    ('Jane Roe and Jane Hart open the cafe at six.\n\n"People think we are mad," Jane said.',
     "People think we are mad", "Jane"),
    # a quotation opening a sentence after an attributed one, and running on over paragraphs
    ('Jane Roe spoke after the vote.\n\n"We will not raise taxes," she said. "Not this year.\n\n'
     '"Not next year either."', "Not next year either", "Jane Roe"),
    ("Jane Roe spoke after the vote.\n\n'We will not raise taxes,' she said. 'Not this year.\n\n"
     "'Not next year either.'", "Not next year either", "Jane Roe"),  # in single marks, British style
    # ninth round: police ranks by their initials (gave the body 'DI Hart', or nobody for 'the detective sergeant');
    # a High Court judge styled 'Mr Justice' is 'the judge'
    ('Detective Inspector Tom Hart said the attack was senseless.\n\nDI Hart added: "We are keeping an open mind."',
     "We are keeping an open mind", "Tom Hart"),
    ('DS Jane Roe said officers were at the scene. Tom Hart, a neighbour, was shocked.\n\n"We need witnesses," the '
     'detective sergeant said.', "We need witnesses", "Jane Roe"),
    ('Mr Justice Tom Hart adjourned the case.\n\n"I will need time to consider the reports," the judge said.',
     "I will need time", "Tom Hart"),
    # sports epithets: a position or a ranking by its number, a record of titles, a cricket or rugby position, one
    # of a club's people (gave the body 'the No.8', the person 'Grand Slam' at 0.96, or nobody named)
    ('Skipper Tom Hart was gutted.\n\n"We had our chances," the No.8 said.', "We had our chances", "Tom Hart"),
    ('Tom Hart carded a 66. "I felt good out there," the world No 2 said.', "I felt good out there", "Tom Hart"),
    ('Jane Roe lost in the second round. "I\'m not done," the 23-time Grand Slam champion insisted.', "I'm not done",
     "Jane Roe"),
    ('India skipper Tom Hart praised the bowlers. "They were exceptional," the opener said.', "They were exceptional",
     "Tom Hart"),
    ('Manager Tom Hart was philosophical. "That\'s sport," said the Na Fianna clubman.', "That's sport", "Tom Hart"),
    ('Tom Hart scored twice. "It\'s a special night," the Liverpool man told reporters.', "It's a special night",
     "Tom Hart"),
    ('Acme Air boss Tom Hart was typically blunt. "It\'s a rip-off," the airline chief said.', "It's a rip-off",
     "Tom Hart"),
    # a Chinese surname that is also a numeral ('Chinese President Xi' was a person of that whole name); a Gulf
    # honorific and the first name of a long name with particles ('Sheikh Mohammed' was a new person 'Mohammed')
    ('Xi Jinping spoke at the summit. Chinese President Xi added: "We oppose protectionism."', "We oppose",
     "Xi Jinping"),
    ('Sheikh Mohammed bin Rashid Al Maktoum opened the fair.\n\nSheikh Mohammed added that the city would "lead the '
     'world" in trade.', "lead the world", "Mohammed bin Rashid Al Maktoum"),
    # a name of three words without a family name goes by its first after an honorific (tenth round; 'Dr Tedros' was a
    # new person)
    ('WHO Director-General Tedros Adhanom Ghebreyesus spoke in Geneva.\n\n"We must not let our guard down," Dr '
     'Tedros added.', "We must not let our guard down", "Tedros Adhanom Ghebreyesus"),
    ('Lou Dobbs hosted the show.\n\n"We will win," Mr. Lou said.', "We will win", "Lou"),  # (a surname, whatever else)
    # a nickname in the appositive is the person's (tenth round; 'Didi' was a new person, or the first speaker)
    ('Diana Chepkemoi, or Didi, as she is popularly known, added: "We trained hard."\n\n"It was a great race," Didi '
     'said.', "It was a great race", "Diana Chepkemoi"),
    ('Diana Chepkemoi, popularly known as Didi, added: "We trained hard."\n\n"It was a great race," Didi said.',
     "We trained hard", "Diana Chepkemoi"),
    # entertainment news: the star just named as the subject after what she is ('Pop superstar Taylor Swift has'),
    # then 'the actor', 'the singer' (were anonymous)
    ('Pop superstar Jane Roe has spoken about the split.\n\n"I am in a good place," the 34-year-old singer told '
     'Rolling Stone.', "I am in a good place", "Jane Roe"),
    ('Soap legend Tom Hart has opened up about his heartbreak.\n\nThe actor, 58, told The Sun: \'I thought my life '
     'was over.\'', "I thought my life was over", "Tom Hart"),
]


@pytest.mark.parametrize("text, words, speaker", CONTINUES)
def test_a_speaker_carries_on_to_the_next_quotation(text, words, speaker):
    records = extract_article(Article(id="cont", text=INTRO + text + "\n"))
    [record] = [r for r in records if words in r["text"]]
    assert (record["speaker"] or {}).get("name") == speaker, record["attribution"]


# The outlet the words were given to, in print and broadcast phrasing.
OUTLETS = [
    # remarks a broadcaster put on air, as wire copy says it (gave no outlet)
    ('"We will not raise taxes," Jane Roe said in an interview broadcast by Al Jazeera.', "Al Jazeera"),
    ('"We will not raise taxes," Jane Roe said in remarks televised Monday by the BBC.', "BBC"),
    ('"We will not raise taxes," Jane Roe told Sky News.', "Sky News"),
    ('"We will not raise taxes," Jane Roe told the BBC on Sunday.', "BBC"),
    ('Speaking to BBC Radio 4\u2019s Today programme, Jane Roe said: "We will not raise taxes."', "BBC"),
    ('In an interview with CNN, Jane Roe said: "We will not raise taxes."', "CNN"),
    ('"We will not raise taxes," Jane Roe wrote on Facebook.', "Facebook"),
    ('"We will not raise taxes," Jane Roe posted on X.', "Twitter"),  # the registry's canonical name
    ('"We will not raise taxes," Jane Roe said on Twitter.', "Twitter"),
    ('"We will not raise taxes," tweeted Jane Roe, the council leader.', "Twitter"),  # the verb names the network
    ('"We will not raise taxes," Jane Roe told The Globe and Mail.', "The Globe and Mail"),
    ('"We will not raise taxes," Jane Roe told LBC.', "LBC"),
    ('"We will not raise taxes," Jane Roe told the Guardian.', "The Guardian"),
    ('"We will not raise taxes," Jane Roe told ABC\u2019s Good Morning America.', "ABC News"),
    ('"We will not raise taxes," Jane Roe said in an interview with The Canadian Press.', "The Canadian Press"),
    ('"We will not raise taxes," Jane Roe told eNCA.', "eNCA"),  # a name that opens in lower case
    ('"We will not raise taxes," Jane Roe told the Bangkok Post.', "Bangkok Post"),
    ('"We will not raise taxes," Jane Roe told Sky Sports.', "Sky Sports"),  # not Sky News
    # a short form several outlets share: the one of the article's house style ('Mr Roe' is British)
    ('"We will not raise taxes," Jane Roe told The Times. Mr Hart agreed.', "The Times"),
    ('"We will not raise taxes," Jane Roe told The Times. Mr. Hart agreed.', "The New York Times"),
    ('Mr Hart spoke first. Speaking on ABC\'s Insiders program, Jane Roe said: "We will not raise taxes."',
     "ABC (Australia)"),
    ('"We will not raise taxes," Jane Roe told Dutch broadcaster NOS.', "NOS"),  # what it is says it is an outlet
    ('"We will not raise taxes," Jane Roe told the Paris daily Le Matin.', "Le Matin"),
    # the speaker's own page or account on a network, or column in a paper
    ('"We will not raise taxes," Jane Roe said in a post on her Twitter account.', "Twitter"),
    ('"We will not raise taxes," Jane Roe wrote on her official Facebook page on Sunday.', "Facebook"),
    ('"We will not raise taxes," Jane Roe said in a video posted on her Telegram channel.', "Telegram"),
    ('"We will not raise taxes," Jane Roe wrote in her Guardian column.', "The Guardian"),
    ('"We will not raise taxes," Jane Roe told her Republican colleagues.', None),
    ('"We will not raise taxes," Jane Roe said in a statement to the PA news agency.', "PA Media"),
    # an interview given to an outlet
    ('"We will not raise taxes," said Jane Roe, who gave an interview to Le Monde on Sunday.', "Le Monde"),
    ('Jane Roe, giving her first interview to the BBC since the vote, said: "We will not raise taxes."', "BBC"),
    ('"We will not raise taxes," Jane Roe said, granting a rare interview to the Guardian.', "The Guardian"),
    # wire copy's state media: the agency that quoted or cited the speaker
    ('"We will not raise taxes," the official Xinhua news agency quoted Jane Roe as saying.', "Xinhua"),
    ('"We will not raise taxes," state news agency Xinhua quoted Jane Roe as saying.', "Xinhua"),
    ('"We will not raise taxes," Jane Roe was cited as saying by the Interfax news agency.', "Interfax"),
    ('"We will not raise taxes," Interfax cited Jane Roe as saying.', "Interfax"),
    # a country owns no outlet: the outlet follows its possessive (wire copy names the country of a foreign outlet)
    ('"We will not raise taxes," Jane Roe told Britain\'s ITV News.', "ITV News"),
    ('"We will not raise taxes," Jane Roe told Germany\u2019s Der Spiegel magazine on Friday.', "Der Spiegel"),
    ('"We will not raise taxes," Jane Roe told Japan\'s public broadcaster NHK.', "NHK"),
    ('"We will not raise taxes," Jane Roe told the country\'s public broadcaster NHK on Monday.', "NHK"),
    ('"We will not raise taxes," Jane Roe told Britain\'s Channel 4 News.', "Channel 4 News"),
    ('"We will not raise taxes," Jane Roe told the network Tuesday.', None),
    ('"We will not raise taxes," Jane Roe said in a 2010 interview with the BBC.', "BBC"),
    ('"We will not raise taxes," Jane Roe told The Daily Beast.', "The Daily Beast"),
    ('Jane Roe said the plan was "prudent", while Tom Hart told the Guardian: "It may come too late."', None),
    ('Speaking to Match of the Day, Jane Roe said: "We will not raise taxes."', "BBC"),  # 'of the' in a name
    ('"We will not raise taxes," Jane Roe said on Tuesday.', None),
    ('"We will not raise taxes," Jane Roe said in Ottawa.', None),
    # a participle opening the sentence tells where its subject spoke
    ('Speaking on BBC Radio 4\u2019s Today programme, Jane Roe said: "We will not raise taxes."', "BBC"),
    ('Appearing on CBS\u2019 Face the Nation, Jane Roe said: "We will not raise taxes."', "CBS News"),
    ('Writing in the Sunday Times, Jane Roe said the council would "not raise taxes."', "The Sunday Times"),
    ('Asked by ITV News whether she would resign, Jane Roe said: "We will not raise taxes."', "ITV News"),
    ('Speaking on Tuesday, Jane Roe said: "We will not raise taxes."', None),
    ('Speaking in Ottawa, Jane Roe said: "We will not raise taxes."', None),
    ('Reuters quoted Jane Roe as saying: "We will not raise taxes."', "Reuters"),
    ('"We will not raise taxes," Reuters quoted Jane Roe as saying.', "Reuters"),
    ('Jane Roe thanked voters on X, writing: "We will not raise taxes."', "Twitter"),
    ('Jane Roe wrote on Facebook that the vote was close.\n\nAt a rally on Friday, Jane Roe said: '
     '"We will not raise taxes."', None),  # a post does not make her later words the network's
    # the outlet named before the kind of words given to it
    ('"We will not raise taxes," Jane Roe wrote in a Facebook post on Tuesday.', "Facebook"),
    ('"We will not raise taxes," Jane Roe said in a CNN interview.', "CNN"),
    ('"We will not raise taxes," Jane Roe said in a lengthy Truth Social post.', "Truth Social"),
    ('"We will not raise taxes," Jane Roe wrote in a Washington Post op-ed.', "The Washington Post"),
    ('In a Fox News interview, Jane Roe said: "We will not raise taxes."', "Fox News"),
    ('"We will not raise taxes," Jane Roe said in a White House statement.', None),  # no outlet
    ('"We will not raise taxes," Jane Roe said in a tweet.', "Twitter"),
    ('"We will not raise taxes," Jane Roe wrote in a series of tweets.', "Twitter"),
    ('"We will not raise taxes," Jane Roe said in the interview with Breitbart News.', "Breitbart News"),
    ('"We will not raise taxes," Jane Roe explained to the Guardian.', "The Guardian"),
    ('"We will not raise taxes," Jane Roe recounted to The Associated Press by phone.', "The Associated Press"),
    ('"We will not raise taxes," Jane Roe admitted to friends.', None),
    ('"We will not raise taxes," Jane Roe was quoted as saying by KCNA.', "KCNA"),
    # the outlet that printed the words
    ('"We will not raise taxes," Jane Roe told reporters, according to Kyodo News.', "Kyodo News"),
    ('"We will not raise taxes," Jane Roe said, Kyodo News reported.', "Kyodo News"),
    ('"We will not raise taxes," Jane Roe said, according to a transcript.', None),
    # another interview is another channel: the outlet she spoke to before is not this one's
    ('Jane Roe told CNN the plan was sound.\n\n"We will not raise taxes," Jane Roe said in a different media '
     'appearance.', None),
    ('Jane Roe told CNN the plan was sound.\n\n"We will not raise taxes," Jane Roe said during the interview.', "CNN"),
    # an email or remarks to an outlet, a statement it carried; the trade press of film, music, technology, business
    ('"We will not raise taxes," Jane Roe said in an email to Reuters.', "Reuters"),
    ('"We will not raise taxes," said Jane Roe in a statement carried by KCNA.', "KCNA"),
    ('"We will not raise taxes," Jane Roe said in remarks to The Hill.', "The Hill"),
    ('"We will not raise taxes," Jane Roe told Variety.', "Variety"),
    ('"We will not raise taxes," Jane Roe was quoted as saying by the RIA news agency.', "RIA Novosti"),
    # a tabloid's exclusive; a participle set off beside the speaker
    ('Speaking exclusively to The Sun, Jane Roe said: "We will not raise taxes."', "The Sun"),
    ('Jane Roe, speaking on BBC Radio 4, said: "We will not raise taxes."', "BBC"),
    ('Jane Roe, writing in the Guardian, said: "We will not raise taxes."', "The Guardian"),
    ('"We will not raise taxes," Jane Roe told TechCrunch.', "TechCrunch"),
    ('"We will not raise taxes," Jane Roe told People magazine.', "People"),
    ('"We will not raise taxes," Jane Roe wrote in an op-ed published by Fortune.', "Fortune"),
    ('Jane Roe wrote in a memo to staff, which was obtained by CNN: "We will not raise taxes."', "CNN"),
    ('Jane Roe told the PA news agency: "We will not raise taxes."', "PA Media"),
    ('"We will not raise taxes," Jane Roe told Newstalk ZB.', "Newstalk ZB"),
    # the British short form of a title, and the Sunday titles that hold 'on' (a day after another name is no part)
    ('"We will not raise taxes," Jane Roe told the Mail.', "Daily Mail"),
    ('"We will not raise taxes," Jane Roe told the Mail on Sunday.', "The Mail on Sunday"),
    ('"We will not raise taxes," Jane Roe told Scotland on Sunday.', "Scotland on Sunday"),
    ('"We will not raise taxes," Jane Roe told the Daily Planet on Sunday.', "Daily Planet"),
    # a station's call sign, whatever follows it; a hyphenated name is none
    ('"We will not raise taxes," Jane Roe told WKOW-TV of Madison.', "WKOW-TV"),
    ('"We will not raise taxes," Jane Roe told Jean-Am Hart.', None),
    # a station's name may open with its number; a date is none
    ('"We will not raise taxes," Jane Roe told 3AW.', "3AW"),
    ('"We will not raise taxes," Jane Roe said on 2 June.', None),
    ('"We will not raise taxes," Jane Roe told SuperSport.', "SuperSport"),
    ('Councillor Jane Roe told the Local Democracy Reporting Service: "We will not raise taxes."',
     "Local Democracy Reporting Service"),
    # a programme's name in marks after its network's is no quotation: the clause runs on past it
    ('Jane Roe told CBS\'s "Face the Nation": "We will not raise taxes."', "CBS News"),
    ('Jane Roe said on ABC\'s "This Week": "We will not raise taxes."', "ABC News"),
    ('Appearing on CNN\'s "State of the Union," Jane Roe said: "We will not raise taxes."', "CNN"),
    ('Jane Roe told CBS\'s "60 Minutes" that she would "not raise taxes."', "CBS News"),
    # a source credit the scraper ran onto the end of the paragraph
    ('"We will not raise taxes," Jane Roe said. Source: AP', "The Associated Press"),
    ('Jane Roe said: "We will not raise taxes" - Source: Reuters', "Reuters"),
    # ninth round: an outlet by its website's address (gave none)
    ('"We will not raise taxes," Jane Roe told Dawn.com.', "Dawn"),
    ('"We will not raise taxes," Jane Roe told Rediff.com on Monday.', "Rediff.com"),
    ('"We will not raise taxes," Jane Roe told Stuff.co.nz.', "Stuff"),
    ('"We will not raise taxes," Jane Roe said in a video posted to TikTok.', "TikTok"),
    ('"We will not raise taxes," Jane Roe said in a clip shared on Instagram.', "Instagram"),
    # tenth round: a programme of a short form two outlets share names which ('ABC's 7.30' was the American ABC), an
    # outlet in lower case ('dpa') or opening in lower case ('dzBB'), one ending in '!', the verbs of entertainment
    # news, an outlet that reported the words, named first, and outlets of Africa, Asia and the Caribbean
    ('"We will not raise taxes," Treasurer Jane Roe told ABC\'s 7.30 program.', "ABC (Australia)"),
    ('"We will not raise taxes," Jane Roe said in Berlin, according to dpa.', "Deutsche Presse-Agentur"),
    ('Jane Roe told dzBB: "We will not raise taxes."', "DZBB"),
    ('Jane Roe told E! News: "We will not raise taxes."', "E! News"),
    ('Jane Roe gushed to People: "We will not raise taxes."', "People"),
    ('According to GMA News, Jane Roe said taxes would "not rise this year."', "GMA News"),
    ('Jane Roe told the Gleaner: "We will not raise taxes."', "The Gleaner"),
    ('Jane Roe told Astro Awani: "We will not raise taxes."', "Astro Awani"),
    ('"We will not raise taxes," Jane Roe told the Lancet.', "The Lancet"),
    # a journal named by what it is ('Writing in the journal Nature' gave none)
    ('Writing in the journal Nature, Jane Roe said the finding "opens a new chapter in astronomy".', "Nature"),
    # an interview given in a sentence without a quotation goes on to the speaker's quotations after it
    ('Jane Roe gave an interview to Le Monde on Sunday.\n\n"We will not raise taxes," she told the newspaper.',
     "Le Monde"),
]


@pytest.mark.parametrize("text, outlet", OUTLETS)
def test_the_outlet_is_where_the_words_were_given(text, outlet):
    records = extract_article(Article(id="outlet", text=INTRO + text + "\n"))
    [record] = [r for r in records if (r["speaker"] or {}).get("name") == "Jane Roe"]  # (another's may follow)
    assert (record["outlet"] or {}).get("name") == outlet, record["attribution"]


def test_a_word_or_two_beside_an_attributed_quotation_is_one_of_its_parts():
    text = INTRO + ('Twelve workers would be the "minimum" needed for "inspection and emergency '
                    'repair work," Jane Roe said.\n\nThe show aired on "Morning Desk" and Jane Roe called the plan '
                    '"a slow disaster for the town."\n')
    records = extract_article(Article(id="parts", text=text))
    [record] = [r for r in records if "inspection" in r["text"]]
    assert [p["text"] for p in record["parts"]][0] == "minimum" and len(record["parts"]) == 2
    assert record["speaker"]["name"] == "Jane Roe"
    [other] = [r for r in records if "slow disaster" in r["text"]]
    assert len(other["parts"]) == 1  # a programme's name after 'on' is no part of her words


def test_a_programme_title_is_no_quotation_and_the_evidence_keeps_its_punctuation():
    text = INTRO + 'Jane Roe told CBS\'s "Face the Nation": "We will not raise taxes."\n'
    [record] = extract_article(Article(id="programme", text=text))
    assert record["text"] == "We will not raise taxes."
    assert record["attribution"]["evidence"] == "Jane Roe told CBS's:"


def test_a_work_named_after_the_quotation_is_not_part_of_it():
    text = INTRO + '"Power is a burden," Jane Roe wrote in her 2019 memoir, "Becoming Roe."\n'
    [record] = extract_article(Article(id="memoir", text=text))
    assert record["text"] == "Power is a burden," and record["speaker"]["name"] == "Jane Roe"


def test_a_news_digest_credits_its_outlet_in_brackets():
    text = ("WHAT'S BREWING.\n\nCITY COUNCIL DELAYS BRIDGE VOTE AGAIN\u00a0The council cited \u201cgaps in the "
            "engineering report that no one can explain to the public.\u201d [Reuters]\n"
            "TRAIN FARES RISE \u201cCommuters will pay more from Monday on every line in the region.\u201d [AP.]\n")
    records = extract_article(Article(id="digest", text=text))
    by = {r["text"][:10]: r for r in records}
    council = by["gaps in th"]
    assert council["speaker"]["name"] == "The council" and council["outlet"]["name"] == "Reuters"
    fares = by["Commuters "]
    assert fares["speaker"] is None and fares["outlet"]["name"] == "The Associated Press"


def test_names_and_aliases_leave_the_sentence_punctuation_behind():
    [record] = extract_article(Article(id="alias", text=INTRO + '"We will rebuild," said Treasury Secretary Jacob J. Lew.\n'))
    assert record["speaker"]["name"] == "Jacob J. Lew"
    assert "Lew" in record["speaker"]["aliases"] and not any(a.endswith(".") and a[-3] != " " and a[-2:] != "J."
                                                              for a in record["speaker"]["aliases"])


def test_a_title_with_of_is_the_whole_role():
    text = INTRO + ("In response, U.S. Secretary of State Jane Roe urged the council to act.\n\n"
                    '"Build it now," Roe wrote.\n')
    [record] = extract_article(Article(id="role", text=text))
    assert record["speaker"]["name"] == "Jane Roe" and record["speaker"]["role"] == "U.S. Secretary of State"
    assert "State Jane Roe" not in record["speaker"]["aliases"]


def test_a_heading_in_title_case_is_nobody():
    text = INTRO + ("A cash shortage stalls the repair plans, and the money is not there.\n\n"
                    'Cash Shortage Stalls Repair Plans: Finding "the money for the repairs" is one of its goals.\n')
    records = extract_article(Article(id="heading", text=text))
    assert all((r["speaker"] or {}).get("name") != "Cash Shortage Stalls Repair Plans" for r in records), records


# Words that are no speaker phrase: a pronoun run into its verb, a clause opening on 'When', a participle's object.
@pytest.mark.parametrize("text, words, wrong", [
    ('I\'m old enough to remember Jane Roe going on TV in 1977, declaring the "moral equivalent of war" on waste.',
     "moral equivalent of war", "I'm"),
    ('When I began to speak I saw her surprise. "Explain to me why you are here."', "Explain to me", "When I"),
    ('My grandmother used to tell me, "Nobody is coming to save us."', "Nobody is coming", "My"),
    ('Jane Roe delivered a defense of "local values," saying the city embodied the "heart of the nation."',
     "local values", "the city embodied the"),
    # a possessive, a day, a plural common noun the article writes in lower case: no person of that name
    ("Roe's attacks were echoed by the campaign. Hart's aides said the plan was \"dangerous and costly.\"",
     "dangerous and costly", "Hart's"),
    ('Friday said: "It is a big tent for everyone."', "a big tent", "Friday"),
    ('Tom Hart was described as "a kind and careful man" by the end of the trial.', "a kind and careful man",
     "the end of the trial"),
    ('The programs vary from state to state.\n\nPrograms said: "The costs are far too high for us."',
     "far too high", "Programs"),
    # a name of several words that modifies a word for a person after 'the' or 'a' (ninth round)
    ('"We will win," said a Tom Hart supporter at the rally.', "We will win", "Tom Hart"),
    # an Australian councillor's 'Cr' (gave the person 'Cr Jane Roe' and another 'Cr Roe')
    ('Cr Jane Roe, the Lord Mayor, said the city was ready. Cr Roe added: "We will deliver."', "We will deliver",
     "Cr Roe"),
    # a press conference's question and answer marks (tenth round; 'Q' was a body)
    ('Q: "Will there be an inquiry?"\n\nA: "Yes, an independent one."', "Will there be an inquiry", "Q"),
    # the seat after a time the sentence opens on (tenth round; gave the person 'Bristol West')
    ('Late on Friday the MP for Bristol West said: "We will deliver."', "We will deliver", "Bristol West"),
])
def test_a_clause_that_is_no_speaker_phrase_names_nobody(text, words, wrong):
    records = extract_article(Article(id="garbage", text=INTRO + text + "\n"))
    [record] = [r for r in records if words in r["text"]]
    assert (record["speaker"] or {}).get("name") != wrong, record["attribution"]


@pytest.mark.parametrize("text", [
    '"We will not raise taxes," Northern Powergrid said.',
    'Network Rail Scotland said: "We will not raise taxes."',
    'Another pal added: "We will not raise taxes."',
    'Campaigners said they were "bitterly disappointed" by the vote.',
    '"We will not raise taxes," Tory MPs said in a letter.',
    '"We will not raise taxes," the Pentagon said.',
    'The Kremlin said: "We will not raise taxes."',
    '"We will not raise taxes," the Foreign Secretary said.',
    '"We will not raise taxes," Northgate Networks said.',
    'The Ministry of Transport said: "We will not raise taxes."',
    'Hezbollah said in a statement that it would "not raise taxes."',
    '"We will not raise taxes," Tesla said in a filing.',
    'City Hall said: "We will not raise taxes."',
    'The Hillary Clinton White House said: "We will not raise taxes."',
    '"Prices rose in every province," Statistics Canada said.',
    'Health Canada said: "We will not raise taxes."',
    # ninth round: a company's legal form in lower case; brokers, research houses, funds and industrial groups by
    # the word their names end in
    'Acme plc said in a trading update that conditions were "challenging".',
    'Kotak Institutional Equities said in a report: "We retain our buy rating."',
    '"The recession is over," Capital Economics said in a note.',
    '"We expect two cuts," Evercore Partners said.',
    '"Output will fall," Tata Steel said in a statement.',
    # a police force named by the word for its people and its place (was the anonymous 'police Scotland')
    'Police Scotland said in a statement: "Enquiries are ongoing."',
])
def test_a_body_a_group_or_a_bare_title_is_no_person(text):
    [record] = extract_article(Article(id="body", text=INTRO + text + "\n"))
    assert record["speaker"]["kind"] != "person", record["speaker"]


@pytest.mark.parametrize("text, words, wrong", [
    # 'the group' is the trade group the sentence describes, not the company named before it
    ('One insurer, Acme Health Group, has threatened to leave. The trade group for the plans spelled out its '
     'concerns. "The risk pool is out of balance," the group wrote.', "The risk pool", "Acme Health Group"),
    # an organisation that did not just speak is not 'the company'
    ('Acme Energy Ltd said 5,000 homes had lost power.\n\nRepairs began on Monday.\n\nMany roads were closed.\n\n'
     '"It will take a week," the company said.', "It will take a week", "Acme Energy Ltd"),
    # a name that modifies the subject ('an Acme Group report'), a person, or a central bank that is not one
    ('An Acme Group report found losses.\n\n"It will take a week," the company said.', "It will take a week",
     "An Acme Group"),
    ('Acme Group analysts expect losses.\n\n"It will take a week," the company said.', "It will take a week",
     "Acme Group"),
    ('But Mr. Roe founded the firm.\n\n"It will take a week," the company said.', "It will take a week", "But Mr. Roe"),
    ('Deutsche Bank cut its forecast.\n\n"Inflation remains a concern," the central bank said.',
     "Inflation remains a concern", "Deutsche Bank"),
])
def test_an_organisation_by_what_it_is_only_when_the_article_says_which(text, words, wrong):
    records = extract_article(Article(id="org", text=INTRO + text + "\n"))
    [record] = [r for r in records if words in r["text"]]
    assert (record["speaker"] or {}).get("name") != wrong, record["attribution"]


# The name and the title before it, told apart (ninth round): a surname's particles are the name's ('van der
# Vaart said' gave the role 'van der'), an Australian councillor's 'Cr' and a police rank's initials are titles.
@pytest.mark.parametrize("text, name, role", [
    ('Rafael van der Vaart was there. "I am happy," van der Vaart said.', "Rafael van der Vaart", None),
    ('Mayor Bill de Blasio spoke on Sunday. "We see no link," de Blasio said.', "Bill de Blasio", "Mayor"),
    ('"I am happy," van der Vaart said.', "van der Vaart", None),
    ('Cr Jane Roe, the Lord Mayor, said the city was ready. Cr Roe added: "We will deliver."', "Jane Roe", "Cr"),
    ('DI Tom Hart said: "We are keeping an open mind."', "Tom Hart", "DI"),
    ('MK Jane Roe (Likud) said: "We will not negotiate."', "Jane Roe", "MK"),  # a member of the Knesset
    ('Friend Tom Hart wrote on Facebook: "Fly high, angel."', "Tom Hart", "Friend"),  # was 'Friend Tom Hart'
    ('Son Heung-min said: "We were unlucky."', "Son Heung-min", None),  # a family name, no tie
    # a member and the seat (the whole was a body, 'Independent MP for Warringah Zali Steggall')
    ('"It\'s not good enough," Independent MP for Warringah Zali Steggall said.', "Zali Steggall",
     "Independent MP for Warringah"),
    ('"We will act," said Sinn F\u00e9in TD for Dublin Central Mary Lou McDonald.', "Mary Lou McDonald",
     "Sinn F\u00e9in TD for Dublin Central"),
    # tenth round: Malaysian honorifics of two words and the Nigerian 'Alhaji' are titles (were part of the name)
    ('Tan Sri Muhyiddin Yassin said: "The people are suffering."', "Muhyiddin Yassin", "Tan Sri"),
    ('Dato\' Sri Najib Razak said: "The people are suffering."', "Najib Razak", "Dato' Sri"),
    ('Alhaji Atiku Abubakar said: "The people are suffering."', "Atiku Abubakar", "Alhaji"),
    ('"The people are suffering," said Finance Minister Sri Mulyani Indrawati.', "Sri Mulyani Indrawati",
     "Finance Minister"),  # ('Sri' alone is a given name's)
    ('"We will not allow this," Datin Paduka Jane Roe said.', "Jane Roe", "Datin Paduka"),
    # the Korean surname Park before a given name of one syllable (was the role 'Foreign Minister Park', person 'Jin')
    ('"We hope Japan will respond," Foreign Minister Park Jin told reporters.', "Park Jin", "Foreign Minister"),
    ('"We hope Japan will respond," President Park Geun-hye said.', "Park Geun-hye", "President"),
    ('"We will not allow this," His Excellency Tom Hart said.', "Tom Hart", "Excellency"),  # (was 'Excellency Tom Hart')
    # an agency's administrator (the whole was a body, 'NASA Administrator Bill Nelson')
    ('"Safety is our top priority," NASA Administrator Bill Nelson said.', "Bill Nelson", "NASA Administrator"),
])
def test_the_name_and_the_title_before_it_are_told_apart(text, name, role):
    [record] = extract_article(Article(id="titles", text=INTRO + text + "\n"))
    assert (record["speaker"]["name"], record["speaker"]["role"]) == (name, role), record["speaker"]


# What the article said a person is, beside a mention in a sentence of its own, describes them in the record when their
# own clause says nothing ('"...," he said'); a title or description of the clause itself comes first, and an
# appositive cut at a comma inside it (a place and its state, adjectives in a row) is not one.
@pytest.mark.parametrize("text, role, description", [
    ('Tom Hart, the finance minister, faced questions on Tuesday.\n\n"It will pass," he said.', None,
     "the finance minister"),
    ('Tom Hart, the finance minister, faced questions.\n\n"It will pass," said Hart, a former banker.', None,
     "a former banker"),
    ('Finance Minister Tom Hart faced questions.\n\n"It will pass," he said.', "Finance Minister", None),
    ('The coach, Tom Hart, was furious.\n\n"We were robbed," he said.', None, "The coach"),
    ('The vote is on Friday, said finance minister Tom Hart.\n\n"It will pass," Hart said.', None,
     "finance minister"),
    ('Tom Hart, a Neptune, N.J., native, was first in line.\n\n"It will pass," he said.', None, None),
    ('Tom Hart, the self-proclaimed, consummate outsider, was first in line.\n\n"It will pass," he said.', None, None),
])
def test_what_the_article_said_a_speaker_is_describes_them(text, role, description):
    [record] = extract_article(Article(id="intro", text=INTRO + text + "\n"))
    assert record["speaker"]["name"] == "Tom Hart"
    assert (record["speaker"]["role"], record["speaker"]["description"]) == (role, description), record["speaker"]
